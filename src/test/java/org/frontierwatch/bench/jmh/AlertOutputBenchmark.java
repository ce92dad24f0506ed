package org.frontierwatch.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.CapSettings;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.serde.JsonSerde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one alert message costs to make, for a busy district's Update (200 incident ids, the district's sites):
 * building its content from the episode summary and the reference data, writing it as JSON (the alerts topic) and
 * as CAP 1.2 XML (alerts-cap). In a district whose window fires, nearly every report sends one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class AlertOutputBenchmark {

    private BenchData.BusyGroup busy;
    private AlertFactory factory;
    private final JsonSerde<Alert> json = new JsonSerde<>(Alert.class);
    private final CapXmlWriter cap = new CapXmlWriter(CapSettings.DEFAULT);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        busy = BenchData.busyGroup();
        factory = new AlertFactory(BenchData.REF, code -> { });
        System.out.printf("%nalert: %d ids, %d sites; JSON %d bytes, CAP %d chars%n",
                busy.lastAlert().content().incidentIds().size(), busy.lastAlert().content().affectedSites().size(),
                json.serializer().serialize("alerts", busy.lastAlert()).length, cap.write(busy.lastAlert()).length());
    }

    @Benchmark
    public Alert buildUpdate() {
        return factory.build(busy.rule(), busy.episode(), Map.of("district", busy.district()), busy.lastAlert().key(),
                MsgType.Update, 2_000, busy.lastAlert().references(), BenchData.NOW, BenchData.NOW);
    }

    @Benchmark
    public byte[] writeJson() {
        return json.serializer().serialize("alerts", busy.lastAlert());
    }

    @Benchmark
    public String writeCap() {
        return cap.write(busy.lastAlert());
    }
}
