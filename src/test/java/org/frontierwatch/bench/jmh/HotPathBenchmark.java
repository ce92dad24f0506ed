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
 * The per-report hot path without Kafka, so that a regression shows without a broker: parsing and validating a
 * generated report (~400 bytes) and resolving its district against 2,000 sites, 400 districts and 40 nationalities.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class HotPathBenchmark {

    private final DistrictResolver resolver = new DistrictResolver(BenchData.REF);
    private int next;

    @Benchmark
    public IncidentReport parseAndValidate() throws Exception {
        return BenchData.PARSER.parse(BenchData.REPORT_BYTES.get(next++ % BenchData.REPORT_BYTES.size()), BenchData.NOW);
    }

    @Benchmark
    public Incident enrich() {
        return resolver.enrich(BenchData.REPORTS.get(next++ % BenchData.REPORTS.size()));
    }
}
