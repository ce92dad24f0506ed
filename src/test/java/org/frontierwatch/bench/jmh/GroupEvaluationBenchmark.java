package org.frontierwatch.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.AlertLifecycle;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.GroupState;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.DistrictResolver;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.Json;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.validation.ReportParser;
import org.frontierwatch.validation.ValidationPolicy;
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
 * The per-report hot path without Kafka, so that a regression shows without a broker: parsing and validating a
 * generated report, resolving its district, the rule-group state's JSON round trip (what the state store does on
 * every change) and one AlertLifecycle.apply into a district group that already holds {@code incidents} incidents.
 * Reference data at the benchmark's scale (2,000 sites, 400 districts, 40 nationalities) from ScenarioGenerator.
 */
/**
 * Rule evaluation without Kafka: the rule-group state's JSON round trip (what the state store does on every change)
 * and one AlertLifecycle.apply of a new incident into a district group already holding {@code incidents} incidents
 * (district-fatalities, sites and nationalities at the benchmark's scale).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class GroupEvaluationBenchmark {

    @Param({"10", "100", "1000"})
    public int incidents;

    private final JsonSerde<GroupState> groupSerde = new JsonSerde<>(GroupState.class);
    private final DistrictResolver resolver = new DistrictResolver(BenchData.REF);
    private AlertLifecycle lifecycle;
    private Rule districtFatalities;
    private GroupState group;
    private byte[] groupBytes;
    private GroupChange change;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        lifecycle = new AlertLifecycle(new AlertFactory(BenchData.REF, code -> { }), Duration.ofDays(7));
        districtFatalities = Fixtures.defaultRules().stream().filter(r -> r.id().equals("district-fatalities"))
                .findFirst().orElseThrow();
        // A district group holding `incidents` fatal incidents within its 30-day window, built the way the
        // processor builds it: one change at a time.
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long step = Duration.ofDays(25).toMillis() / incidents;
        group = GroupState.EMPTY;
        for (int i = 0; i < incidents; i++) {
            Incident incident = incident("bench-" + i, start.plusMillis(i * step), 1 + i % 3);
            group = lifecycle.apply(districtFatalities, group, change(incident), incident.occurredAt(), BenchData.NOW)
                    .state();
        }
        groupBytes = groupSerde.serializer().serialize("", group);
        change = change(incident("bench-new", start.plus(Duration.ofDays(26)), 2));
    }

    private Incident incident(String id, Instant at, int fatalities) throws Exception {
        String json = "{\"id\":\"" + id + "\",\"occurred_at\":\"" + at + "\",\"event_type\":\"Violence against civilians\","
                + "\"sub_event_type\":\"Attack\",\"country\":\"TJ\",\"admin2\":\"Gen TJ District 1\",\"fatalities\":"
                + fatalities + ",\"victim_nationalities\":[\"CN\"],\"actors\":[\"Generated armed group 1\"]}";
        return resolver.enrich(BenchData.PARSER.parse(json.getBytes(StandardCharsets.UTF_8), BenchData.NOW)
                .forEvaluation());
    }

    private static GroupChange change(Incident after) {
        return new GroupChange("district-fatalities", after.districtId(), Map.of("district", after.districtId()),
                after.id(), null, after, 0L);
    }

    @Benchmark
    public GroupState groupStateJsonRoundTrip() {
        return groupSerde.deserializer().deserialize("", groupSerde.serializer().serialize("", group));
    }

    @Benchmark
    public GroupState groupStateJsonRead() {
        return groupSerde.deserializer().deserialize("", groupBytes);
    }

    @Benchmark
    public AlertLifecycle.Outcome applyOneIncidentToDistrictGroup() {
        return lifecycle.apply(districtFatalities, group, change, change.after().occurredAt(), BenchData.NOW);
    }
}
