package org.frontierwatch.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InMemoryGroupStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation without Kafka: one report applied to a district group that holds {@code incidents} incidents in
 * its 30-day window, through the production GroupEvaluator over an in-memory store that encodes every value as
 * the processor's store does. Reports keep arriving at the same rate, so the window slides and the group stays at
 * its size; each measurement is a batch of {@link #BATCH} reports, reported per report. {@code appendFiring}:
 * district-fatalities, whose window fires, so every report updates the open alert (content built, last message
 * stored); {@code appendFiringHeld}: the same with the default alert cadence (count-only Updates held to one per
 * 6 h of event time, so most reports change a held alert); {@code appendQuiet}: the same incidents under a rule
 * that never fires (the state's own cost); {@code appendAndLateByAnHour}: an in-order report and then one an hour
 * older, which re-measures the windows after it (its cost: this minus {@code appendFiring}). The cost must not grow
 * with {@code incidents}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Fork(1)
public class GroupEvaluationBenchmark {

    /**
     * Reports per measured batch. Each batch starts from a freshly built group (event time moves on by one report's
     * spacing per report, so an unbounded run would leave the supported range of years for the smallest groups).
     */
    static final int BATCH = 2_000;
    /** The parser's clock: far enough ahead that the benchmark's moving event time is never "in the future". */
    static final Instant PARSE_NOW = Instant.parse("2200-01-01T00:00:00Z");

    @Param({"10", "1000", "100000"})
    public int incidents;

    private final DistrictResolver resolver = new DistrictResolver(BenchData.REF);
    private GroupEvaluator evaluator;
    private GroupEvaluator heldEvaluator;
    private Rule firing;
    private Rule quiet;
    private InMemoryGroupStore firingStore;
    private InMemoryGroupStore heldStore;
    private InMemoryGroupStore quietStore;
    private Instant start;
    private long stepMillis;
    private long next;
    private String district;

    /**
     * Compiles the hot paths before anything is measured: a single-shot batch of a small group would otherwise
     * measure the interpreter, and the large groups' long set-up would look faster only for having warmed it.
     */
    @Setup(org.openjdk.jmh.annotations.Level.Trial) // not rules.Level, which this class also uses
    @SuppressWarnings("checkstyle:inlineQualifiedName")
    public void warmUp() throws Exception {
        int size = incidents;
        incidents = 2_000;
        setUp();
        for (int k = 0; k < 10; k++) {
            appendFiring();
            appendFiringHeld();
            appendQuiet();
            appendAndLateByAnHour();
        }
        incidents = size;
    }

    @Setup(org.openjdk.jmh.annotations.Level.Iteration) // not rules.Level, which this class also uses
    @SuppressWarnings("checkstyle:inlineQualifiedName")
    public void setUp() throws Exception {
        evaluator = new GroupEvaluator(new AlertFactory(BenchData.REF, code -> { }), Duration.ofDays(7));
        heldEvaluator = new GroupEvaluator(new AlertFactory(BenchData.REF, code -> { }), Duration.ofDays(7),
                AlertCadence.DEFAULT);
        firing = Fixtures.defaultRules().stream().filter(r -> r.id().equals("district-fatalities")).findFirst()
                .orElseThrow();
        Rule base = firing;
        Level first = base.levels().get(0);
        quiet = new Rule("never-fires", base.event(), base.kind(), base.metric(), base.field(), base.window(),
                base.groupBy(), base.filter(), List.of(new Level(1e12, first.severity(), first.urgency(),
                first.certainty(), first.response(), null, null)), base.scope(), base.headline(), base.instruction(),
                base.expiresAfter(), base.updateInterval());
        start = Instant.parse("2026-01-01T00:00:00Z");
        stepMillis = Duration.ofDays(25).toMillis() / incidents;
        firingStore = new InMemoryGroupStore(false);
        heldStore = new InMemoryGroupStore(false);
        quietStore = new InMemoryGroupStore(false);
        district = incident(0, start).districtId();
        // The group built the way the processor builds it: one change at a time.
        for (next = 0; next < incidents; next++) {
            Incident i = incident(next, start.plusMillis(next * stepMillis));
            apply(firing, firingStore, i);
            apply(heldEvaluator, firing, heldStore, i);
            apply(quiet, quietStore, i);
        }
    }

    private Incident incident(long n, Instant at) throws Exception {
        String json = "{\"id\":\"bench-" + n + "\",\"occurred_at\":\"" + at + "\",\"event_type\":\"Violence against "
                + "civilians\",\"sub_event_type\":\"Attack\",\"country\":\"TJ\",\"admin2\":\"Gen TJ District 1\","
                + "\"fatalities\":" + (1 + Math.floorMod(n, 3))
                        + ",\"victim_nationalities\":[\"CN\"],\"actors\":[\"Group 1\"]}";
        IncidentReport r = BenchData.PARSER.parse(json.getBytes(StandardCharsets.UTF_8), PARSE_NOW);
        return resolver.enrich(r.forEvaluation());
    }

    private int apply(Rule rule, InMemoryGroupStore store, Incident i) {
        return apply(evaluator, rule, store, i);
    }

    private int apply(GroupEvaluator with, Rule rule, InMemoryGroupStore store, Incident i) {
        GroupChange change = new GroupChange(rule.id(), district, Map.of("district", district), i.id(), null, i, 0L);
        return with.apply(rule, store, change, i.occurredAt(), BenchData.NOW).alerts().size();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendFiring() throws Exception {
        int messages = 0;
        for (int k = 0; k < BATCH; k++) {
            long n = next++;
            messages += apply(firing, firingStore, incident(n, start.plusMillis(n * stepMillis)));
        }
        return messages;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendFiringHeld() throws Exception {
        int messages = 0;
        for (int k = 0; k < BATCH; k++) {
            long n = next++;
            messages += apply(heldEvaluator, firing, heldStore, incident(n, start.plusMillis(n * stepMillis)));
        }
        return messages;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendQuiet() throws Exception {
        int messages = 0;
        for (int k = 0; k < BATCH; k++) {
            long n = next++;
            messages += apply(quiet, quietStore, incident(n, start.plusMillis(n * stepMillis)));
        }
        return messages;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendAndLateByAnHour() throws Exception {
        int messages = 0;
        for (int k = 0; k < BATCH; k++) {
            long n = next++;
            Instant newest = start.plusMillis(n * stepMillis);
            messages += apply(firing, firingStore, incident(n, newest));
            messages += apply(firing, firingStore, incident(-n - 1, newest.minus(Duration.ofHours(1))));
        }
        return messages;
    }
}
