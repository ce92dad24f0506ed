package org.frontierwatch.bench.jmh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.Json;
import org.frontierwatch.state.AlertCodec;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.IncidentCodec;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.state.StateCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Which serde the rule-group state values use, by measurement: one write and one read (what a change costs the store)
 * of each kind of value as JSON (the project's Jackson configuration), Jackson's binary formats Smile and CBOR with
 * the same configuration, and the hand-laid layouts of {@link StateCodec}, {@link AlertCodec} and
 * {@link IncidentCodec}. Values from a busy district (district-fatalities over 2,000 incidents): the group summary,
 * the open episode's summary (200 recent keys), one incident entry, one alert (an alert's last message), and the
 * intake's incident state and a repartition record. Sizes are printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class StateSerdeBenchmark {

    @Param({"summary", "episode", "entry", "alert", "incident-state", "group-change"})
    public String value;

    @Param({"json", "smile", "cbor", "binary"})
    public String format;

    private Object object;
    private Class<?> type;
    private ObjectMapper mapper;
    private EntryKey entryKey;

    private static <M extends ObjectMapper> M configure(M m) {
        m.registerModule(new JavaTimeModule());
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        return m;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchData.BusyGroup busy = BenchData.busyGroup();
        GroupSummary summary = busy.summary();
        EpisodeSummary episode = busy.episode();
        IncidentEntry lastEntry = busy.lastEntry();
        Incident lastIncident = busy.lastIncident();
        String district = busy.district();
        Rule rule = busy.rule();
        entryKey = lastEntry.key();
        switch (value) {
            case "summary" -> { object = summary; type = GroupSummary.class; }
            case "episode" -> { object = episode; type = EpisodeSummary.class; }
            case "entry" -> { object = lastEntry; type = IncidentEntry.class; }
            case "incident-state" -> { object = new IncidentState(lastIncident, 2, false,
                    0L); type = IncidentState.class; }
            case "group-change" -> {
                object = new GroupChange(rule.id(), district, Map.of("district", district), lastIncident.id(),
                        lastIncident, lastIncident, 0L);
                type = GroupChange.class;
            }
            default -> { object = busy.lastAlert(); type = Alert.class; }
        }
        mapper = switch (format) {
            case "json" -> Json.mapper();
            case "smile" -> configure(new SmileMapper());
            case "cbor" -> configure(new CBORMapper());
            default -> null;
        };
        System.out.printf("%n%s as %s: %d bytes%n", value, format, write().length);
    }

    private byte[] write() throws IOException {
        if (mapper != null) {
            return mapper.writeValueAsBytes(object);
        }
        return switch (value) {
            case "summary" -> StateCodec.encodeSummary((GroupSummary) object);
            case "episode" -> StateCodec.encodeEpisode((EpisodeSummary) object);
            case "alert" -> AlertCodec.encode((Alert) object);
            case "incident-state" -> IncidentCodec.encodeState((IncidentState) object);
            case "group-change" -> IncidentCodec.encodeChange((GroupChange) object);
            default -> StateCodec.encodeEntry((IncidentEntry) object);
        };
    }

    private Object read(byte[] bytes) throws IOException {
        if (mapper != null) {
            return mapper.readValue(bytes, type);
        }
        return switch (value) {
            case "summary" -> StateCodec.decodeSummary(bytes);
            case "episode" -> StateCodec.decodeEpisode(bytes);
            case "alert" -> AlertCodec.decode(bytes);
            case "incident-state" -> IncidentCodec.decodeState(bytes);
            case "group-change" -> IncidentCodec.decodeChange(bytes);
            default -> StateCodec.decodeEntry(entryKey, bytes);
        };
    }

    /** One write and one read: a change's cost per value at the store. */
    @Benchmark
    public Object roundTrip() throws IOException {
        return read(write());
    }
}
