package org.frontierwatch.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.reference.DistrictResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

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
        return BenchData.PARSER.parse(BenchData.REPORT_BYTES.get(next++ % BenchData.REPORT_BYTES.size()),
                BenchData.NOW);
    }

    @Benchmark
    public Incident enrich() {
        return resolver.enrich(BenchData.REPORTS.get(next++ % BenchData.REPORTS.size()));
    }
}
