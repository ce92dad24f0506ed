package org.frontierwatch.bench;

import static org.frontierwatch.bench.BenchKafka.deleteQuietly;
import static org.frontierwatch.bench.BenchKafka.ends;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.BrokerProcess;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.LiveReports;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.ScenarioGenerator.Sent;
import org.frontierwatch.testing.ScenarioGenerator.Shape;
import org.frontierwatch.topology.Names;

/**
 * The benchmark ({@code mvn -B -P bench -DskipTests verify}): consumes the built jar and system properties;
 * produces one table on stdout and {@code target/bench/results.json}, {@code results.txt} and {@code results.png}.
 * In one run on one machine: a broker in its own process, reference data at realistic scale, and for each shape
 * (uniform: {@code Shape.benchmark()}; busy: {@code Shape.benchmarkBusy()}, half of the new incidents drawn to a few
 * busy districts) N generated reports pre-loaded on a 4-partition topic of its own, with the history ending a day
 * before now. Then, interleaved and repeated, Kafka's ConsumerPerformance on each shape's topic (the ceiling) and
 * Frontier Watch catching up on it from scratch with exactly-once and at-least-once (records/s, CPU-µs per record,
 * peak RSS); end-to-end latency per shape at fixed offered loads for each commit interval; optionally a soak.
 * After each catch-up, the alert messages it committed to the shape's alerts topic, read back and keyed by record
 * key ({@link AlertStats}): how many (in all and per report), distinct keys, max and p99 messages per key, and how
 * many Alert, Update, AllClear (an Update with response AllClear) and Cancel messages; and the CAP topic's count.
 *
 * <p>Live load (latency and soak): new reports of the same shape (same districts, busy skew and partitions) whose
 * {@code occurred_at} advances with the load, on a live application and topics of their own. With
 * {@code bench.live.clock=history} (default) event time advances by the history's mean gap per report (span /
 * {@code bench.reports}), plus an in-order jitter below one gap, starting far enough back that the last planned
 * report is still before now: each district's windows hold as many incidents as in the pre-loaded history and slide
 * as the load goes on, and no live report is late or in the future. {@code bench.live.clock=wall} stamps each report
 * with now minus up to 60 s instead (event time at wall-clock speed: windows only fill up). A soak's event time spans
 * at least a year (the step grows when the history's density would cover less), so that state reaches its plateau.
 *
 * <p>Settings (system properties): {@code bench.reports} (2,000,000, per shape), {@code bench.repeats} (3),
 * {@code bench.shapes} ("uniform,busy"), {@code bench.rates} ("2000,20000"), {@code bench.commits} ("100,20"),
 * {@code bench.latency.seconds} (10), {@code bench.modes} ("exactly_once_v2,at_least_once"), {@code bench.seed},
 * {@code bench.out} (target/bench), {@code bench.live.clock} ("history"), {@code bench.processor.jvm} (JVM options
 * of the processor processes, e.g. a JFR recording), {@code bench.processor.env} (extra environment, e.g.
 * {@code FW_KAFKA_NUM_STREAM_THREADS=2}), {@code bench.soak.minutes} (0: no soak), {@code bench.soak.rate}
 * (1000 reports/s), {@code bench.soak.shape} ("busy").
 */
public final class Benchmark {

    static final int REPORTS = Integer.getInteger("bench.reports", 2_000_000);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final long SEED = Long.getLong("bench.seed", 6L);
    static final int LATENCY_SECONDS = Integer.getInteger("bench.latency.seconds", 10);
    static final List<Integer> RATES = ints(System.getProperty("bench.rates", "2000,20000"));
    static final List<Integer> COMMITS = ints(System.getProperty("bench.commits", "100,20"));
    static final List<String> MODES = names(System.getProperty("bench.modes", "exactly_once_v2,at_least_once"));
    static final List<String> SHAPES = names(System.getProperty("bench.shapes", "uniform,busy"));
    static final String LIVE_CLOCK = System.getProperty("bench.live.clock", "history");
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
    /** Extra JVM options for the processor processes (e.g. a JFR recording), passed as JAVA_TOOL_OPTIONS. */
    static final String PROCESSOR_JVM_OPTIONS = System.getProperty("bench.processor.jvm", "");
    /** Extra environment of the processor processes, {@code KEY=VALUE,...} (e.g. FW_KAFKA_NUM_STREAM_THREADS=2). */
    static final String PROCESSOR_ENV = System.getProperty("bench.processor.env", "");
    /** Optional soak: minutes of live load at {@code bench.soak.rate} reports/s, sampling the processor's memory. */
    static final int SOAK_MINUTES = Integer.getInteger("bench.soak.minutes", 0);
    static final int SOAK_RATE = Integer.getInteger("bench.soak.rate", 1000);
    static final String SOAK_SHAPE = System.getProperty("bench.soak.shape", "busy");
    static final int PARTITIONS = 4;
    static final int WARM_UP_SECONDS = 5;
    static final Duration LIMIT = Duration.ofMinutes(20);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /**
     * Event time a soak covers at least: several times what any state is kept for (window plus grace, alerts an
     * expiry and a grace longer: well under 90 days with the shipped rules), so that memory can reach its plateau.
     */
    static final Duration SOAK_EVENT_SPAN = Duration.ofDays(365);
    /** What the processor logs when a stream thread dies: the measurement is void from there on. */
    static final String THREAD_DIED = "A stream thread died";
    /** The validator's lower bound on occurred_at (frontier.validation.earliest-occurred-at). */
    static final Instant EARLIEST = Instant.parse("1990-01-02T00:00:00Z");

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode results = json.createObjectNode();
    private final Path work;
    /** The pre-loaded history ends here, a day before the run started. */
    private final Instant historyEnd = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
    private final Map<String, Bench> benches = new LinkedHashMap<>();
    private String bootstrap;

    /** One shape's pre-loaded history: its shape (moved to end before now), topics, processor config, scenario. */
    private record Bench(String name, Shape shape, Topics topics, Path config, Scenario scenario) {
    }

    /** A running live application: its id, topics, processor, report source and event clock. */
    private record Live(String app, Topics topics, ProcessorProcess processor, LiveReports source, LiveClock clock,
                        Runnable cleanUp) implements AutoCloseable {
        @Override
        public void close() {
            try {
                processor.close();
            } finally {
                cleanUp.run();
            }
        }
    }

    private Benchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        for (String s : SHAPES) {
            shape(s);
        }
        if (SOAK_MINUTES > 0) {
            shape(SOAK_SHAPE);
        }
        if (!LIVE_CLOCK.equals("history") && !LIVE_CLOCK.equals("wall")) {
            throw new IllegalArgumentException("bench.live.clock must be history or wall, was " + LIVE_CLOCK);
        }
        Path work = Files.createTempDirectory("fw-bench");
        long start = System.nanoTime();
        try {
            new Benchmark(work).run();
        } finally {
            deleteQuietly(work);
        }
        System.out.printf("bench: finished in %.1f min%n", (System.nanoTime() - start) / 60e9);
    }

    /** The generator shape behind a shape name of {@code bench.shapes}. */
    static Shape shape(String name) {
        return switch (name) {
            case "uniform" -> Shape.benchmark();
            case "busy" -> Shape.benchmarkBusy();
            default -> throw new IllegalArgumentException("unknown shape '" + name + "' (uniform, busy)");
        };
    }

    private void run() throws Exception {
        Files.createDirectories(OUT);
        if (!Files.exists(JarProcess.JAR)) {
            throw new IllegalStateException(JarProcess.JAR + " is missing: build it first (mvn package)");
        }
        settings();
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"))) {
            bootstrap = broker.bootstrapServers();
            preload();
            catchUp();
            ObjectNode latency = results.putObject("latency");
            for (Bench b : benches.values()) {
                latency.set(b.name(), latency(b));
            }
            if (SOAK_MINUTES > 0) {
                soak(bench(SOAK_SHAPE));
            }
        }
        writeResults();
    }

    private void settings() throws Exception {
        ObjectNode s = results.putObject("settings");
        s.put("git_sha", git("rev-parse", "--short", "HEAD")
                + (git("status", "--porcelain").isBlank() ? "" : "-dirty"));
        s.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        s.put("kafka", AppInfoParser.getVersion());
        s.put("cpus", Runtime.getRuntime().availableProcessors());
        s.put("reports", REPORTS);
        s.put("partitions", PARTITIONS);
        s.put("repeats", REPEATS);
        ArrayNode shapes = s.putArray("shapes");
        SHAPES.forEach(shapes::add);
        s.put("live_clock", LIVE_CLOCK);
        s.put("processor_heap", "-Xmx512m");
        s.put("started", Instant.now().toString());
    }

    // ------------------------------------------------------------------------------------------ pre-load

    /** Pre-loads the reference data once (every shape has the same) and each shape's reports on its own topic. */
    private void preload() throws Exception {
        ObjectNode shapes = results.putObject("shapes");
        // Every topic before the first record: a producer meeting a partition created under it saw
        // OUT_OF_ORDER_SEQUENCE_NUMBER retries until its batches expired (records lost).
        try (Admin admin = admin()) {
            for (String name : SHAPES) {
                TopicSetup.createMissing(admin, topics("bench-" + name), PARTITIONS, Duration.ofSeconds(60));
            }
        }
        List<Sent> reference = null;
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        Callback check = (md, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = producer(true)) {
            for (String name : SHAPES) {
                Shape shape = shape(name).endingAt(historyEnd);
                Topics topics = topics("bench-" + name);
                Scenario head = ScenarioGenerator.stream(SEED, 0, shape, topics, s -> { });
                if (reference == null) {
                    reference = head.reference();
                    for (Sent s : reference) {
                        producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()), check);
                    }
                    producer.flush();
                } else if (!sameRecords(reference, head.reference())) {
                    throw new IllegalStateException("shape " + name + " has reference data of its own: not supported");
                }
                long start = System.nanoTime();
                long[] bytes = {0};
                Scenario scenario = ScenarioGenerator.stream(SEED, REPORTS, shape, topics, s -> {
                    bytes[0] += s.value() == null ? 0 : s.value().length;
                    producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()), check);
                });
                producer.flush();
                double secs = (System.nanoTime() - start) / 1e9;
                long onTopic;
                try (Admin admin = admin()) {
                    onTopic = ends(admin, List.of(topics.incidentReports())).values().stream()
                            .mapToLong(Long::longValue).sum();
                }
                if (sendFailure.get() != null || onTopic != REPORTS) {
                    throw new IllegalStateException("pre-loading " + name + " failed: " + onTopic + " of " + REPORTS
                            + " reports on " + topics.incidentReports(), sendFailure.get());
                }
                benches.put(name, new Bench(name, shape, topics, configFile("bench-" + name, topics), scenario));
                ObjectNode o = shapes.putObject(name);
                o.put("description", describe(shape));
                o.put("history_start", shape.start().toString());
                o.put("history_end", shape.end().toString());
                o.put("reports", REPORTS);
                o.put("reports_topic", topics.incidentReports());
                o.put("reference_records", reference.size());
                o.put("mean_report_bytes", Math.round(bytes[0] / (double) Math.max(1, REPORTS)));
                o.put("preload_seconds", round(secs));
                o.put("accepted_new_expected", scenario.accepted());
                o.put("dead_letters_expected", scenario.reportDeadLetterTotal());
                o.put("busiest_district", scenario.busiest().districtId());
                o.put("busiest_district_incidents", scenario.busiest().incidents());
                o.put("busiest_district_max_per_30_days", scenario.busiest().maxInWindow());
                System.out.printf("bench: %s: pre-loaded %,d reports (mean %d B) in %.1f s, %s to %s; busiest district "
                                + "%s: %,d incidents, at most %,d in 30 days%n", name, REPORTS,
                        bytes[0] / Math.max(1, REPORTS), secs, shape.start(), shape.end(),
                        scenario.busiest().districtId(), scenario.busiest().incidents(),
                        scenario.busiest().maxInWindow());
            }
        }
    }

    private static String describe(Shape s) {
        String base = String.format("%d districts, %d sites over %d partitions, %d days of events",
                s.partitions() * 2 * s.districtsPerCountry(), s.partitions() * 2 * s.districtsPerCountry()
                        * s.sitesPerDistrict(), s.partitions(), s.span().toDays());
        return s.busyPercent() == 0 ? base + ", uniform" : base + String.format(", %d%% of new incidents drawn to %d "
                + "busy districts per partition (Zipf exponent %.1f)", s.busyPercent(), s.busyDistricts(),
                s.busyExponent());
    }

    private static boolean sameRecords(List<Sent> a, List<Sent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).topic().equals(b.get(i).topic()) || !Arrays.equals(a.get(i).key(), b.get(i).key())
                    || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ catch-up

    /**
     * One catch-up run's measurements: records/s, CPU-µs per record, peak RSS MiB, the new incidents the processor
     * accepted, and the statistics of the alert messages it left on the alerts topic ({@link AlertStats#NAMES}) and
     * how many CAP messages on the CAP topic; every figure NaN for a failed run.
     */
    /**
     * One catch-up's figures; {@code warmRate} and {@code warmCpuUs} over its second half only, once the JIT has
     * compiled the hot path (in a 200,000-report run, compilation takes a quarter of the processor's CPU).
     */
    private record CatchUpRun(double rate, double cpuUs, double rssMiB, double acceptedNew,
                              Map<String, Double> alerts, double capMessages, double warmRate, double warmCpuUs) {
        static CatchUpRun failed() {
            Map<String, Double> none = new LinkedHashMap<>();
            AlertStats.NAMES.forEach(n -> none.put(n, Double.NaN));
            return new CatchUpRun(Double.NaN, Double.NaN, Double.NaN, Double.NaN, none, Double.NaN, Double.NaN,
                    Double.NaN);
        }
    }

    private void catchUp() throws Exception {
        Map<String, List<Double>> ceiling = new LinkedHashMap<>();
        Map<String, Map<String, List<CatchUpRun>>> runs = new LinkedHashMap<>();
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (String shape : benches.keySet()) {
            ceiling.put(shape, new ArrayList<>());
            runs.put(shape, new LinkedHashMap<>());
            failures.put(shape, new ArrayList<>());
            MODES.forEach(m -> runs.get(shape).put(m, new ArrayList<>()));
        }
        for (int r = 1; r <= REPEATS; r++) {
            for (Bench b : benches.values()) {
                double cp = consumerPerformance(b, r);
                ceiling.get(b.name()).add(cp);
                System.out.printf("bench: repeat %d %s ConsumerPerformance %,.0f rec/s%n", r, b.name(), cp);
                for (String mode : MODES) {
                    CatchUpRun m;
                    try {
                        m = frontierWatchCatchUp(b, mode, r);
                        System.out.printf("bench: repeat %d %s Frontier Watch %s %,.0f rec/s, %.1f CPU-us/record, "
                                + "peak RSS %.0f MiB, %,.0f new incidents accepted (%,d expected); second half "
                                + "%,.0f rec/s, %.1f CPU-us/record%n", r, b.name(), mode, m.rate(), m.cpuUs(),
                                m.rssMiB(), m.acceptedNew(), b.scenario().accepted(), m.warmRate(), m.warmCpuUs());
                        System.out.printf("bench: repeat %d %s Frontier Watch %s alert output: %s; %,.0f CAP "
                                + "messages%n", r, b.name(), mode, describeAlerts(m.alerts()), m.capMessages());
                    } catch (Exception | AssertionError e) {
                        String why = mode + " repeat " + r + ": " + clip(e.getMessage());
                        failures.get(b.name()).add(why);
                        System.out.printf("bench: repeat %d %s Frontier Watch %s FAILED: %s%n", r, b.name(), mode,
                                clip(e.getMessage()));
                        m = CatchUpRun.failed();
                    }
                    runs.get(b.name()).get(mode).add(m);
                }
            }
        }
        ObjectNode all = results.putObject("catch_up");
        for (Bench b : benches.values()) {
            ObjectNode c = all.putObject(b.name());
            catchUpResults(c, ceiling.get(b.name()), runs.get(b.name()));
            c.put("accepted_new_expected", b.scenario().accepted());
            ArrayNode f = c.putArray("failures");
            failures.get(b.name()).forEach(f::add);
        }
    }

    /** One line of a run's alert output statistics ({@link AlertStats#metrics(long)}). */
    static String describeAlerts(Map<String, Double> a) {
        return String.format(Locale.ROOT, "%,.0f messages (%.3f per report), %,.0f keys, per key max %,.0f p99 %,.0f; "
                        + "Alert %,.0f, Update %,.0f, AllClear %,.0f, Cancel %,.0f, other %,.0f, null keys %,.0f",
                a.get("messages"), a.get("messages_per_report"), a.get("distinct_keys"), a.get("max_per_key"),
                a.get("p99_per_key"), a.get("alert"), a.get("update"), a.get("all_clear"), a.get("cancel"),
                a.get("other"), a.get("null_keys"));
    }

    /** One shape's catch-up results: statistics over the repeats of every figure, ratios of the medians. */
    private void catchUpResults(ObjectNode c, List<Double> ceiling, Map<String, List<CatchUpRun>> runs) {
        c.set("consumer_performance_records_per_s", stats(ceiling));
        runs.forEach((k, v) -> c.set(k + "_records_per_s", stats(v.stream().map(CatchUpRun::rate).toList())));
        runs.forEach((k, v) -> c.set(k + "_cpu_us_per_record", stats(v.stream().map(CatchUpRun::cpuUs).toList())));
        runs.forEach((k, v) -> c.set(k + "_peak_rss_mib", stats(v.stream().map(CatchUpRun::rssMiB).toList())));
        runs.forEach((k, v) -> c.set(k + "_warm_records_per_s",
                stats(v.stream().map(CatchUpRun::warmRate).toList())));
        runs.forEach((k, v) -> c.set(k + "_warm_cpu_us_per_record",
                stats(v.stream().map(CatchUpRun::warmCpuUs).toList())));
        runs.forEach((k, v) -> c.set(k + "_accepted_new", stats(v.stream().map(CatchUpRun::acceptedNew).toList())));
        runs.forEach((k, v) -> {
            ObjectNode o = c.putObject(k + "_alert_output");
            for (String name : AlertStats.NAMES) {
                o.set(name, stats(v.stream().map(x -> x.alerts().getOrDefault(name, Double.NaN)).toList()));
            }
            o.set("cap_messages", stats(v.stream().map(CatchUpRun::capMessages).toList()));
        });
        double cp = median(ceiling);
        for (String mode : MODES) {
            c.put(mode + "_over_consumer_performance",
                    round(median(runs.get(mode).stream().map(CatchUpRun::rate).toList()) / cp));
            c.put(mode + "_warm_over_consumer_performance",
                    round(median(runs.get(mode).stream().map(CatchUpRun::warmRate).toList()) / cp));
        }
        if (MODES.size() == 2) {
            c.put("exactly_once_over_at_least_once",
                    round(median(runs.get(MODES.get(0)).stream().map(CatchUpRun::rate).toList())
                            / median(runs.get(MODES.get(1)).stream().map(CatchUpRun::rate).toList())));
        }
    }

    /** Kafka's ConsumerPerformance over a shape's whole reports topic, in its own JVM; its fetch.nMsg.sec. */
    private double consumerPerformance(Bench b, int repeat) throws Exception {
        try (JarProcess p = JarProcess.startClass("org.apache.kafka.tools.ConsumerPerformance", null,
                "--bootstrap-server", bootstrap, "--topic", b.topics().incidentReports(), "--messages",
                Integer.toString(REPORTS), "--group", "bench-cp-" + b.name() + "-" + repeat + "-" + System.nanoTime(),
                "--timeout", "60000")) {
            int rc = p.waitFor(LIMIT);
            String out = p.stdout();
            if (rc != 0) {
                throw new IllegalStateException("ConsumerPerformance failed: " + out + p.stderr());
            }
            // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
            // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
            String[] lines = out.strip().split("\n");
            String[] f = lines[lines.length - 1].split(",\\s*");
            return Double.parseDouble(f[9].trim());
        }
    }

    /**
     * One catch-up from scratch (fresh application id and state): records/s, CPU-µs/record, peak RSS MiB, the new
     * incidents the processor accepted (its own counter; the generator's figure is what it should be), and, read
     * once the processor has stopped, the alert messages this run added to the shape's alerts and CAP topics (every
     * run of a shape writes to the same topics: only what lies past their ends before the start is this run's).
     */
    private CatchUpRun frontierWatchCatchUp(Bench b, String mode, int repeat) throws Exception {
        String app = "bench-" + b.name() + "-" + mode.replace('_', '-') + "-" + repeat;
        Path state = work.resolve(app);
        Map<TopicPartition, Long> alertsFrom = stableEnds(b.topics().alerts());
        Map<TopicPartition, Long> capFrom = stableEnds(b.topics().alertsCap());
        double[] m;
        try (ProcessorProcess p = ProcessorProcess.start(bootstrap, app, app, state, PARTITIONS,
                env(Map.of("FW_KAFKA_PROCESSING_GUARANTEE", mode)), List.of("--config", b.config().toString()))) {
            p.awaitRunning(Duration.ofMinutes(3));
            long t0 = System.nanoTime();
            long cpu0 = ProcStats.cpuMicros(p.pid());
            double[] half = awaitCaughtUp(app, p, b.topics().incidentReports());
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.cpuMicros(p.pid());
            double rss = ProcStats.peakRssMiB(p.pid());
            double acceptedNew = p.metric("frontierwatch_reports_accepted_total{kind=\"new\"}");
            p.stop(Duration.ofSeconds(60));
            traffic(app, b.name() + " " + mode + " repeat " + repeat);
            double secs = (t1 - t0) / 1e9;
            double rest = REPORTS * (1 - half[2]); // reports read after the half-way mark
            m = new double[] {REPORTS / secs, (cpu1 - cpu0) / (double) REPORTS, rss, acceptedNew,
                rest / ((t1 - half[0]) / 1e9), (cpu1 - half[1]) / rest};
        } finally {
            dropApplication(app, state);
        }
        AlertStats alerts = new AlertStats();
        readCommitted(b.topics().alerts(), alertsFrom,
                r -> alerts.add(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value()));
        long cap = readCommitted(b.topics().alertsCap(), capFrom, r -> { });
        return new CatchUpRun(m[0], m[1], m[2], m[3], alerts.metrics(REPORTS), cap, m[4], m[5]);
    }

    /**
     * Reads, as a read_committed consumer, every record of {@code topic} from the offsets {@code from} (a
     * partition not named: from its start) up to its last stable offsets now, handing each to {@code sink};
     * returns how many there were. Aborted transactions' records and transaction markers are not records here.
     */
    private long readCommitted(String topic, Map<TopicPartition, Long> from,
                               Consumer<ConsumerRecord<byte[], byte[]>> sink) throws Exception {
        Map<TopicPartition, Long> to = stableEnds(topic);
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            c.assign(to.keySet());
            to.keySet().forEach(tp -> c.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (to.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private void dropApplication(String app, Path state, String... extraPrefixes) {
        BenchKafka.dropApplication(bootstrap, app, List.of(extraPrefixes), state);
    }

    /**
     * What one catch-up wrote to its internal topics, per report: records (end offsets, so transaction markers
     * included) and bytes on the broker's disk, for the repartition topic and each store's changelog. Printed and
     * kept in the results under {@code catch_up_traffic}.
     */
    private void traffic(String app, String run) {
        try (Admin admin = admin()) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(app + "-")).sorted().toList();
            Map<TopicPartition, Long> ends = ends(admin, topics);
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).toList();
            Map<String, long[]> byTopic = new TreeMap<>();
            ends.forEach((tp, end) -> byTopic.computeIfAbsent(tp.topic(), t -> new long[2])[0] += end);
            admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values().forEach(dirs ->
                    dirs.values().forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                        long[] t = byTopic.get(tp.topic());
                        if (t != null) {
                            t[1] += info.size();
                        }
                    })));
            ObjectNode node = results.withObjectProperty("catch_up_traffic").putObject(run);
            StringBuilder line = new StringBuilder();
            byTopic.forEach((topic, t) -> {
                String name = topic.substring(app.length() + 1);
                ObjectNode n = node.putObject(name);
                n.put("records_per_report", round(t[0] / (double) REPORTS));
                n.put("bytes_per_report", round(t[1] / (double) REPORTS));
                line.append(String.format(Locale.ROOT, "; %s %.2f records, %.0f B", name,
                        t[0] / (double) REPORTS, t[1] / (double) REPORTS));
            });
            System.out.printf("bench: %s internal topics per report%s%n", run, line);
            stateByKeyKind(app, node);
        } catch (Exception e) {
            System.out.printf("bench: %s internal topics: not measured (%s)%n", run, clip(e.getMessage()));
        }
    }

    /**
     * The rule groups' changelog split by the kind of state each record holds (the first byte of its key, as
     * {@code StateKeys} lays them out): committed records, tombstones and key-plus-value bytes, per report.
     * Printed and kept under the run's {@code rule-group-state-changelog-by-kind}.
     */
    private void stateByKeyKind(String app, ObjectNode node) throws Exception {
        String changelog = app + "-" + Names.RULE_GROUP_STATE_STORE + "-changelog";
        Map<Character, long[]> byKind = new TreeMap<>();
        readCommitted(changelog, Map.of(), r -> {
            long[] k = byKind.computeIfAbsent(r.key() == null || r.key().length == 0 ? '?' : (char) r.key()[0],
                    c -> new long[3]);
            k[0]++;
            k[1] += r.value() == null ? 1 : 0;
            k[2] += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        });
        ObjectNode kinds = node.putObject("rule-group-state-changelog-by-kind");
        StringBuilder line = new StringBuilder();
        byKind.forEach((kind, k) -> {
            ObjectNode n = kinds.putObject(String.valueOf(kind));
            n.put("records_per_report", round(k[0] / (double) REPORTS));
            n.put("tombstones_per_report", round(k[1] / (double) REPORTS));
            n.put("bytes_per_report", round(k[2] / (double) REPORTS));
            line.append(String.format(Locale.ROOT, "; %s %.2f records (%.2f tombstones), %.0f B", kind,
                    k[0] / (double) REPORTS, k[1] / (double) REPORTS, k[2] / (double) REPORTS));
        });
        System.out.printf("bench: rule-group state changelog by key kind per report%s%n", line);
    }

    /**
     * Waits until the application has committed {@code reportsTopic} and its repartition topics to their ends;
     * throws as soon as the processor dies or replaces a stream thread (the measurement would be void). Returns
     * when it had first committed half of the reports: {nanoTime, process CPU-µs, the share committed then}.
     */
    private double[] awaitCaughtUp(String app, ProcessorProcess p, String reportsTopic) throws Exception {
        double[] half = {Double.NaN, Double.NaN, Double.NaN};
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> reportEnds = ends(admin, List.of(reportsTopic));
            long total = reportEnds.values().stream().mapToLong(Long::longValue).sum();
            boolean caughtUp = Await.holdsWithin(() -> {
                String log = p.log();
                if (!p.isAlive() || log.contains(THREAD_DIED)) {
                    throw new IllegalStateException((p.isAlive() ? "stream thread replaced" : "processor died") + ": "
                            + firstError(log));
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                long done = reportEnds.keySet().stream().mapToLong(tp -> committed.get(tp) == null ? 0
                        : committed.get(tp).offset()).sum();
                if (Double.isNaN(half[0]) && done * 2 >= total) {
                    half[0] = System.nanoTime();
                    half[1] = ProcStats.cpuMicros(p.pid());
                    half[2] = done / (double) total;
                }
                if (!committedToEnd(committed, reportEnds)) {
                    return false;
                }
                List<String> repartition = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(app + "-") && t.endsWith("-repartition")).sorted().toList();
                return repartition.isEmpty() || committedToEnd(committed, ends(admin, repartition));
            }, LIMIT, Duration.ofMillis(200));
            if (!caughtUp) {
                throw new IllegalStateException(app + " did not catch up within " + LIMIT);
            }
        }
        return half;
    }

    private static boolean committedToEnd(Map<TopicPartition, OffsetAndMetadata> committed,
                                          Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                && committed.get(e.getKey()).offset() >= e.getValue());
    }

    /**
     * The processor's error line most worth quoting: the first dead-thread line (it names the root cause), else the
     * first exception, else the first ERROR line; without the timestamp and thread, cut to 400 characters.
     */
    private static String firstError(String log) {
        for (String marker : List.of(THREAD_DIED, "Exception:", " ERROR ")) {
            String line = log.lines().filter(l -> l.contains(marker)).findFirst().orElse(null);
            if (line != null) {
                int from = line.indexOf(marker.equals(THREAD_DIED) ? THREAD_DIED : "] ");
                String text = from > 0 ? line.substring(from).replaceFirst("^] ", "") : line;
                return text.length() > 400 ? text.substring(0, 400) + "..." : text;
            }
        }
        return "(no error line)";
    }

    // ------------------------------------------------------------------------------------------ latency

    /** Latency runs of one shape, one live application per commit interval (so none starts behind another's). */
    private ObjectNode latency(Bench b) throws Exception {
        ObjectNode lat = json.createObjectNode();
        for (int commit : COMMITS) {
            String base = "live-" + b.name() + "-c" + commit;
            long planned = (long) RATES.get(0) * WARM_UP_SECONDS + (long) REPEATS * LATENCY_SECONDS
                    * RATES.stream().mapToLong(Integer::longValue).sum();
            ObjectNode c = lat.putObject("commit_interval_ms_" + commit);
            Map<Integer, List<double[]>> byRate = new LinkedHashMap<>();
            try (Live live = startLive(b, base, commit, planned, RATES.get(0), Duration.ZERO)) {
                c.set("live_clock", live.clock().describe(RATES.get(0)));
                offeredLoad(live, RATES.get(0), WARM_UP_SECONDS, "warm-up");
                for (int r = 1; r <= REPEATS; r++) {
                    for (int rate : RATES) {
                        double[] q = offeredLoad(live, rate, LATENCY_SECONDS, "c" + commit + "-r" + r + "-" + rate);
                        byRate.computeIfAbsent(rate, k -> new ArrayList<>()).add(q);
                        System.out.printf("bench: %s latency commit.interval.ms=%d %,d reports/s (repeat %d): "
                                        + "p50 %.0f p99 %.0f p99.9 %.0f max %.0f ms over %.0f alerts; "
                                        + "achieved %,.0f reports/s%n",
                                b.name(), commit, rate, r, q[0], q[1], q[2], q[3], q[4], q[5]);
                    }
                }
                c.put("live_reports_sent", live.clock().issued());
                c.put("live_accepted_new",
                        live.processor().metric("frontierwatch_reports_accepted_total{kind=\"new\"}"));
                warnIfNotAllAccepted(live);
                live.processor().stop(Duration.ofSeconds(60));
            } catch (Exception | AssertionError e) {
                c.put("failure", clip(e.getMessage()));
                System.out.printf("bench: %s latency commit.interval.ms=%d FAILED: %s%n", b.name(), commit,
                        clip(e.getMessage()));
            }
            byRate.forEach((rate, runs) -> {
                ObjectNode o = c.putObject("offered_" + rate + "_per_s");
                String[] names = {"p50_ms", "p99_ms", "p99_9_ms", "max_ms", "alerts", "achieved_per_s"};
                for (int i = 0; i < names.length; i++) {
                    List<Double> v = new ArrayList<>();
                    for (double[] run : runs) {
                        v.add(run[i]);
                    }
                    o.set(names[i], stats(v));
                }
            });
        }
        return lat;
    }

    /** A live application for {@code planned} reports of shape {@code b}: topics, processor, source and clock. */
    private Live startLive(Bench b, String base, int commit, long planned, int rate, Duration minSpan)
            throws Exception {
        Topics topics = topics(base);
        Path props = configFile(base, topics);
        String app = "bench-" + base;
        LiveReports source = ScenarioGenerator.live(SEED + base.hashCode(), b.shape(), topics,
                base + "-");
        LiveClock clock = LiveClock.plan(LIVE_CLOCK, b.shape(), planned, minSpan);
        ProcessorProcess p = ProcessorProcess.start(bootstrap, app, app, work.resolve(app), PARTITIONS,
                env(Map.of("FW_KAFKA_COMMIT_INTERVAL_MS", Integer.toString(commit))),
                List.of("--config", props.toString()));
        try {
            p.awaitRunning(Duration.ofMinutes(3));
        } catch (AssertionError | RuntimeException e) {
            p.close();
            dropApplication(app, work.resolve(app), base);
            throw e;
        }
        System.out.printf("bench: %s: live event time %s%n", base, clock.summary(rate));
        // base names the live topics (reports, alerts, CAP, DLQ): they go with the application when it is closed
        return new Live(app, topics, p, source, clock, () -> dropApplication(app, work.resolve(app), base));
    }

    private static void warnIfNotAllAccepted(Live live) throws Exception {
        double accepted = live.processor().metric("frontierwatch_reports_accepted_total{kind=\"new\"}");
        if (accepted < live.clock().issued()) {
            System.out.printf("bench: WARNING %s accepted %,.0f of %,d live reports (late: %,.0f, future: %,.0f)%n",
                    live.app(), accepted, live.clock().issued(),
                    live.processor().metric("frontierwatch_reports_dead_lettered_total{reason=\"late\"}"),
                    live.processor().metric("frontierwatch_reports_dead_lettered_total{reason=\"future_timestamp\"}"));
        }
    }

    /**
     * Offers {@code rate} reports/s for {@code seconds} and measures, for every alert message whose newest evidence
     * was sent in this run, the time from that report's send to the alert's arrival at a read_committed consumer.
     * Returns p50, p99, p99.9, max (ms), the number of alerts measured and the achieved send rate.
     */
    private double[] offeredLoad(Live live, int rate, int seconds, String run) throws Exception {
        String alertsTopic = live.topics().alerts();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Map<TopicPartition, Long>> readUpTo = new AtomicReference<>();
        AtomicBoolean readAll = new AtomicBoolean();
        JsonSerde<Alert> alerts = new JsonSerde<>(Alert.class);
        Thread reader;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = consumer.partitionsFor(alertsTopic).stream()
                    .map(i -> new TopicPartition(alertsTopic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            reader = new Thread(() -> {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Alert a = alerts.deserializer().deserialize(alertsTopic, r.value());
                        long newest = Long.MIN_VALUE;
                        for (String id : a.content().incidentIds()) {
                            Long t = sentAt.get(id);
                            if (t != null && t > newest) {
                                newest = t;
                            }
                        }
                        if (newest != Long.MIN_VALUE) {
                            latencies.add((now - newest) / 1e6);
                        }
                    }
                    Map<TopicPartition, Long> target = readUpTo.get();
                    if (target != null && target.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        readAll.set(true);
                    }
                }
            }, "bench-latency-reader");
            reader.start();
            Random random = new Random(SEED ^ run.hashCode());
            long start = System.nanoTime();
            long perReport = 1_000_000_000L / rate;
            int total = rate * seconds;
            try (KafkaProducer<byte[], byte[]> producer = producer(false)) {
                for (int i = 0; i < total; i++) {
                    long wait = start + i * perReport - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing the offered load
                    }
                    Sent s = live.source().next(live.clock().next(random));
                    sentAt.put(new String(s.key(), StandardCharsets.UTF_8), System.nanoTime());
                    producer.send(new ProducerRecord<>(live.topics().incidentReports(), s.partition(), s.key(),
                            s.value()));
                }
                producer.flush();
            }
            double achieved = total / ((System.nanoTime() - start) / 1e9);
            try {
                // Everything offered is committed, so are its alerts: read them up to the last stable offsets.
                awaitCaughtUp(live.app(), live.processor(), live.topics().incidentReports());
                readUpTo.set(stableEnds(alertsTopic));
                Await.holdsWithin(readAll::get, Duration.ofSeconds(60), Duration.ofMillis(50));
            } finally {
                stop.set(true);
                reader.join(5_000);
            }
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new double[] {pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), sorted.size(), achieved};
        }
    }

    /** Last stable offsets (what read_committed can reach) of every partition of {@code topic}. */
    private Map<TopicPartition, Long> stableEnds(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(parts, Duration.ofSeconds(30));
        }
    }

    /**
     * The live load's event time. {@code history}: the i-th report occurs at {@code origin + i * step + jitter}
     * (jitter below one step, so in order), with {@code step} the pre-loaded history's mean gap (span / reports)
     * and {@code origin} such that the last planned report is before now; {@code wall}: now minus up to 60 s.
     */
    static final class LiveClock {
        private final boolean wall;
        private final long originMs;
        private final long stepMs;
        private long issued;

        private LiveClock(boolean wall, long originMs, long stepMs) {
            this.wall = wall;
            this.originMs = originMs;
            this.stepMs = stepMs;
        }

        /**
         * A clock for {@code plannedReports} reports of {@code shape}; with {@code history}, the planned reports span
         * at least {@code minSpan} of event time (the step grows if the history's density would cover less).
         */
        static LiveClock plan(String kind, Shape shape, long plannedReports, Duration minSpan) {
            long now = System.currentTimeMillis();
            if (kind.equals("wall")) {
                return new LiveClock(true, now, 0);
            }
            long step = Math.max(1, shape.span().toMillis() / Math.max(1, REPORTS));
            if (step * plannedReports < minSpan.toMillis()) {
                step = minSpan.toMillis() / Math.max(1, plannedReports) + 1;
                System.out.printf("bench: live event time raised to %d ms per report so that it spans %s%n", step,
                        minSpan);
            }
            long room = now - 60_000 - EARLIEST.toEpochMilli();
            if (step * plannedReports > room) {
                step = Math.max(1, room / Math.max(1, plannedReports));
                System.out.printf("bench: live event time would start before %s: step cut to %d ms per report%n",
                        EARLIEST, step);
            }
            return new LiveClock(false, now - 60_000 - step * plannedReports, step);
        }

        Instant next(Random random) {
            long nowMs = System.currentTimeMillis();
            long t = wall ? nowMs - random.nextInt(60_000)
                    : originMs + issued * stepMs + (stepMs > 1 ? (long) (random.nextDouble() * stepMs) : 0);
            issued++;
            return Instant.ofEpochMilli(Math.min(t, nowMs - 1_000));
        }

        long issued() {
            return issued;
        }

        String summary(int rate) {
            return wall ? "now minus up to 60 s" : String.format(Locale.ROOT, "from %s, %.1f s per report "
                    + "(%.2f days per second at %,d/s: a 30-day window slides by in %.0f s)",
                    Instant.ofEpochMilli(originMs), stepMs / 1000.0, stepMs * (double) rate / 86_400_000.0, rate,
                    30 * 86_400_000.0 / (stepMs * (double) rate));
        }

        ObjectNode describe(int rate) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("kind", wall ? "wall" : "history");
            if (!wall) {
                o.put("origin", Instant.ofEpochMilli(originMs).toString());
                o.put("step_ms_per_report", stepMs);
                o.put("event_days_per_second_at_" + rate, round(stepMs * (double) rate / 86_400_000.0));
            }
            return o;
        }
    }

    // ------------------------------------------------------------------------------------------ soak

    /**
     * Live load of one shape at a fixed rate for {@link #SOAK_MINUTES}, sampling the processor's memory every 10 s
     * (RSS from /proc; heap used and live heap after the last collection from its /metrics): flat memory means the
     * state is bounded. Event time covers at least {@link #SOAK_EVENT_SPAN}. Reports each series, its first and last
     * minute's means and its growth after warm-up.
     */
    private void soak(Bench b) throws Exception {
        long planned = (long) SOAK_RATE * SOAK_MINUTES * 60;
        List<double[]> samples = Collections.synchronizedList(new ArrayList<>());
        String base = "soak-" + b.name();
        ObjectNode o = results.putObject("soak");
        o.put("shape", b.name());
        o.put("minutes", SOAK_MINUTES);
        o.put("rate_per_s", SOAK_RATE);
        AtomicBoolean stop = new AtomicBoolean();
        try (Live live = startLive(b, base, 100, planned, SOAK_RATE, SOAK_EVENT_SPAN);
             KafkaProducer<byte[], byte[]> producer = producer(false)) {
            o.set("live_clock", live.clock().describe(SOAK_RATE));
            long start = System.nanoTime();
            Thread sampler = new Thread(() -> {
                for (long next = start; !stop.get(); next += SAMPLE_EVERY.toNanos()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // sampling period, not synchronisation
                    }
                    if (!stop.get()) {
                        samples.add(memorySample(live.processor(), (System.nanoTime() - start) / 60e9));
                    }
                }
            }, "bench-soak-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Random random = new Random(SEED);
            long end = start + TimeUnit.MINUTES.toNanos(SOAK_MINUTES);
            long perReport = 1_000_000_000L / SOAK_RATE;
            for (long i = 0; System.nanoTime() < end; i++) {
                long wait = start + i * perReport - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the offered load
                }
                if (i % 10_000 == 0 && !live.processor().isAlive()) {
                    throw new IllegalStateException("processor died during the soak: "
                            + firstError(live.processor().log()));
                }
                Sent s = live.source().next(live.clock().next(random));
                producer.send(new ProducerRecord<>(live.topics().incidentReports(), s.partition(), s.key(), s.value()));
            }
            producer.flush();
            stop.set(true);
            sampler.join(30_000);
            o.put("live_reports_sent", live.clock().issued());
            o.put("live_accepted_new", live.processor().metric("frontierwatch_reports_accepted_total{kind=\"new\"}"));
            o.put("thread_died", live.processor().log().contains(THREAD_DIED));
            warnIfNotAllAccepted(live);
            live.processor().stop(Duration.ofSeconds(60));
        } catch (Exception | AssertionError e) {
            o.put("failure", clip(e.getMessage()));
            System.out.println("bench: soak FAILED: " + clip(e.getMessage()));
        } finally {
            stop.set(true);
        }
        String[] names = {"rss_mib", "heap_used_mib", "heap_live_mib"};
        List<double[]> copy = new ArrayList<>(samples);
        ArrayNode minutes = o.putArray("sample_minutes");
        copy.forEach(x -> minutes.add(round(x[0])));
        for (int k = 0; k < names.length; k++) {
            int col = k + 1;
            ArrayNode series = o.putArray(names[k] + "_every_10s");
            copy.forEach(x -> series.add(round(x[col])));
            o.put(names[k] + "_first_minute", round(mean(copy, col, 0, 1)));
            o.put(names[k] + "_last_minute", round(mean(copy, col, SOAK_MINUTES - 1, SOAK_MINUTES)));
            o.put(names[k] + "_growth_after_warm_up", round(growth(copy, col)));
        }
        System.out.printf("bench: soak %s %d min at %d reports/s: RSS %.0f -> %.0f MiB, heap used %.0f -> %.0f MiB, "
                        + "live heap %.0f -> %.0f MiB (first minute -> last minute)%n", b.name(), SOAK_MINUTES,
                SOAK_RATE, o.path("rss_mib_first_minute").asDouble(), o.path("rss_mib_last_minute").asDouble(),
                o.path("heap_used_mib_first_minute").asDouble(), o.path("heap_used_mib_last_minute").asDouble(),
                o.path("heap_live_mib_first_minute").asDouble(), o.path("heap_live_mib_last_minute").asDouble());
    }

    /** Heap pool names of the collectors a JDK 17 may pick; the processor's /metrics has one set of them. */
    private static final String[] HEAP_POOLS = {"G1 Eden Space", "G1 Old Gen", "G1 Survivor Space", "Eden Space",
            "Tenured Gen", "Survivor Space", "PS Eden Space", "PS Old Gen", "PS Survivor Space"};

    /** minute, RSS MiB, heap used MiB, live heap after the last collection MiB (NaN when not readable). */
    private static double[] memorySample(ProcessorProcess p, double minute) {
        double rss = Double.NaN;
        double heap = Double.NaN;
        double live = Double.NaN;
        try {
            rss = ProcStats.rssMiB(p.pid());
            double used = 0;
            for (String pool : HEAP_POOLS) {
                used += p.metric("jvm_memory_used_bytes{area=\"heap\",id=\"" + pool + "\"}");
                if (used > 0 && pool.endsWith("Survivor Space")) {
                    break; // one collector's pools are enough
                }
            }
            heap = used > 0 ? used / 1048576.0 : Double.NaN;
            double liveBytes = p.metric("jvm_gc_live_data_size_bytes");
            live = liveBytes > 0 ? liveBytes / 1048576.0 : Double.NaN;
        } catch (Exception e) {
            // the process is gone or busy: a gap in the series
        }
        return new double[] {minute, rss, heap, live};
    }

    private static double mean(List<double[]> samples, int col, double fromMinute, double toMinute) {
        return samples.stream().filter(x -> x[0] >= fromMinute && x[0] <= toMinute && !Double.isNaN(x[col]))
                .mapToDouble(x -> x[col]).average().orElse(Double.NaN);
    }

    /**
     * Relative growth of a series after warm-up: the mean of the last fifth of the soak over the mean of the fifth
     * after the first fifth, minus one (0.05 = 5% more memory at the end); NaN for soaks under 10 minutes.
     */
    static double growth(List<double[]> samples, int col) {
        if (SOAK_MINUTES < 10) {
            return Double.NaN;
        }
        double fifth = SOAK_MINUTES / 5.0;
        double early = mean(samples, col, fifth, 2 * fifth);
        double late = mean(samples, col, SOAK_MINUTES - fifth, SOAK_MINUTES);
        return late / early - 1;
    }

    // ------------------------------------------------------------------------------------------ output

    private void writeResults() throws Exception {
        ((ObjectNode) results.get("settings")).put("finished", Instant.now().toString());
        Files.writeString(OUT.resolve("results.json"), json.writeValueAsString(results));
        String table = Table.render(results);
        Files.writeString(OUT.resolve("results.txt"), table);
        System.out.println(table);
        Chart.write(results, OUT.resolve("results.png"));
        System.out.println("bench: wrote " + OUT.resolve("results.json") + ", results.txt and results.png");
    }

    /** Median, min, max of the runs that produced a value, every run (NaN for a failed one), and how many failed. */
    private ObjectNode stats(List<Double> values) {
        List<Double> v = values.stream().filter(x -> !Double.isNaN(x)).sorted().toList();
        ObjectNode o = json.createObjectNode();
        o.put("median", v.isEmpty() ? Double.NaN : round(median(v)));
        o.put("min", v.isEmpty() ? Double.NaN : round(v.get(0)));
        o.put("max", v.isEmpty() ? Double.NaN : round(v.get(v.size() - 1)));
        o.put("failed", values.size() - v.size());
        ArrayNode all = o.putArray("runs");
        values.forEach(x -> all.add(round(x)));
        return o;
    }

    /** The median of the values that are not NaN (NaN when none are). */
    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(x -> !Double.isNaN(x)).sorted().toList();
        int n = v.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static double round(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? x : Math.round(x * 1000) / 1000.0;
    }

    private Bench bench(String name) {
        Bench b = benches.get(name);
        if (b == null) {
            throw new IllegalArgumentException("bench.soak.shape=" + name + " is not among bench.shapes " + SHAPES);
        }
        return b;
    }

    /** Topics of their own for the reports, alerts and dead letters under {@code prefix}; shared reference topics. */
    private static Topics topics(String prefix) {
        Topics d = Topics.DEFAULT;
        return new Topics(prefix + "-reports", d.sites(), d.nationalities(), d.districts(), prefix + "-alerts",
                prefix + "-alerts-cap", prefix + "-dlq", prefix + "-acks",
                prefix + "-rules");
    }

    /** A processor properties file naming {@code topics} and the shipped rules. */
    private Path configFile(String name, Topics topics) throws Exception {
        Path props = work.resolve(name + ".properties");
        Files.writeString(props, String.join("\n",
                "frontier.topic.incident-reports=" + topics.incidentReports(),
                "frontier.topic.alerts=" + topics.alerts(),
                "frontier.topic.alerts-cap=" + topics.alertsCap(),
                "frontier.topic.dead-letter=" + topics.deadLetter(),
                "frontier.topic.acknowledgements=" + topics.acknowledgements(),
                "frontier.topic.rules=" + topics.rules(),
                "frontier.rules.file=" + Fixtures.RULES.toAbsolutePath()) + "\n");
        return props;
    }

    private Admin admin() {
        return BenchKafka.admin(bootstrap);
    }

    private KafkaProducer<byte[], byte[]> producer(boolean bulk) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, bulk ? "50" : "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, bulk ? "524288" : "16384");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "134217728");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, String> env(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>(env);
        for (String pair : PROCESSOR_ENV.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (!PROCESSOR_JVM_OPTIONS.isBlank()) {
            out.put("JAVA_TOOL_OPTIONS", PROCESSOR_JVM_OPTIONS);
        }
        return out;
    }

    /** A failure message fit for the results: at most 1,000 characters. */
    private static String clip(String message) {
        String m = String.valueOf(message);
        return m.length() > 1000 ? m.substring(0, 1000) + "..." : m;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : names(csv)) {
            out.add(Integer.parseInt(s));
        }
        return out;
    }

    private static List<String> names(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

}
