package org.frontierwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.BrokerProcess;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.ScenarioGenerator.Sent;
import org.frontierwatch.topology.Names;

/**
 * The benchmark ({@code mvn -B -P bench -DskipTests verify}): in one run on one machine, a broker in its own process,
 * reference data at realistic scale, N generated reports pre-loaded on a 4-partition topic; then, interleaved and
 * repeated, Kafka's own ConsumerPerformance on that topic (the ceiling), Frontier Watch catching up on it from
 * scratch with exactly-once and with at-least-once (records/s, CPU-µs per record and peak RSS of the processor
 * process), and end-to-end latency at fixed offered loads for two commit intervals. Prints one table and writes
 * {@code target/bench/results.json} and {@code target/bench/results.png}.
 *
 * <p>Settings (system properties): {@code bench.reports} (2,000,000), {@code bench.repeats} (3),
 * {@code bench.rates} ("2000,20000"), {@code bench.commits} ("100,20"), {@code bench.latency.seconds} (10),
 * {@code bench.seed}, {@code bench.out} (target/bench), {@code bench.modes} ("exactly_once_v2,at_least_once").
 */
public final class Benchmark {

    static final int REPORTS = Integer.getInteger("bench.reports", 2_000_000);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final long SEED = Long.getLong("bench.seed", 6L);
    static final int LATENCY_SECONDS = Integer.getInteger("bench.latency.seconds", 10);
    static final List<Integer> RATES = ints(System.getProperty("bench.rates", "2000,20000"));
    static final List<Integer> COMMITS = ints(System.getProperty("bench.commits", "100,20"));
    static final List<String> MODES = List.of(System.getProperty("bench.modes", "exactly_once_v2,at_least_once").split(","));
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
    /** Extra JVM options for the processor processes (e.g. a JFR recording), passed as JAVA_TOOL_OPTIONS. */
    static final String PROCESSOR_JVM_OPTIONS = System.getProperty("bench.processor.jvm", "");
    /** Optional soak: minutes of live load at {@code bench.soak.rate} reports/s, sampling the processor's memory. */
    static final int SOAK_MINUTES = Integer.getInteger("bench.soak.minutes", 0);
    static final int SOAK_RATE = Integer.getInteger("bench.soak.rate", 1000);
    static final int PARTITIONS = 4;
    static final Duration LIMIT = Duration.ofMinutes(20);

    private final AppConfig config = Fixtures.defaultConfig();
    private final Topics topics = config.topics();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode results = json.createObjectNode();
    private final Path work;
    private String bootstrap;
    private String liveReports;
    private String liveAlerts;
    private String liveApp;
    private ProcessorProcess liveProcessor;

    private Benchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("fw-bench");
        long start = System.nanoTime();
        try {
            new Benchmark(work).run();
        } finally {
            deleteQuietly(work);
        }
        System.out.printf("bench: finished in %.1f min%n", (System.nanoTime() - start) / 60e9);
    }

    private void run() throws Exception {
        Files.createDirectories(OUT);
        if (!Files.exists(JarProcess.JAR)) {
            throw new IllegalStateException(JarProcess.JAR + " is missing: build it first (mvn package)");
        }
        settings();
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"))) {
            bootstrap = broker.bootstrapServers();
            try (Admin admin = admin()) {
                TopicSetup.createMissing(admin, topics, PARTITIONS, Duration.ofSeconds(60));
            }
            Scenario scenario = preload();
            catchUp(scenario);
            latency();
            if (SOAK_MINUTES > 0) {
                soak();
            }
        }
        writeResults();
    }

    private void settings() throws Exception {
        ObjectNode s = results.putObject("settings");
        s.put("git_sha", git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain").isBlank() ? "" : "-dirty"));
        s.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        s.put("kafka", org.apache.kafka.common.utils.internals.AppInfoParser.getVersion());
        s.put("cpus", Runtime.getRuntime().availableProcessors());
        s.put("reports", REPORTS);
        s.put("partitions", PARTITIONS);
        s.put("repeats", REPEATS);
        s.put("processor_heap", "-Xmx512m");
        s.put("started", Instant.now().toString());
    }

    // ------------------------------------------------------------------------------------------ pre-load

    private Scenario preload() throws Exception {
        long start = System.nanoTime();
        long[] bytes = {0};
        Scenario scenario;
        try (KafkaProducer<byte[], byte[]> producer = producer(true)) {
            scenario = ScenarioGenerator.stream(SEED, 0, ScenarioGenerator.Shape.benchmark(), topics, s -> { });
            for (Sent s : scenario.reference()) {
                producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()));
            }
            producer.flush();
            scenario = ScenarioGenerator.stream(SEED, REPORTS, ScenarioGenerator.Shape.benchmark(), topics, s -> {
                bytes[0] += s.value() == null ? 0 : s.value().length;
                producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()));
            });
            producer.flush();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        ObjectNode p = results.putObject("preload");
        p.put("reports", REPORTS);
        p.put("reference_records", scenario.reference().size());
        p.put("mean_report_bytes", Math.round(bytes[0] / (double) REPORTS));
        p.put("seconds", round(secs));
        p.put("dead_letters_expected", scenario.reportDeadLetterTotal());
        System.out.printf("bench: pre-loaded %,d reports (mean %d B) and %d reference records in %.1f s%n", REPORTS,
                bytes[0] / REPORTS, scenario.reference().size(), secs);
        return scenario;
    }

    // ------------------------------------------------------------------------------------------ catch-up

    private void catchUp(Scenario scenario) throws Exception {
        Map<String, List<Double>> rate = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> rss = new LinkedHashMap<>();
        rate.put("consumer_performance", new ArrayList<>());
        for (String m : MODES) {
            rate.put(m, new ArrayList<>());
            cpu.put(m, new ArrayList<>());
            rss.put(m, new ArrayList<>());
        }
        for (int r = 1; r <= REPEATS; r++) {
            double cp = consumerPerformance(r);
            rate.get("consumer_performance").add(cp);
            System.out.printf("bench: repeat %d ConsumerPerformance %,.0f rec/s%n", r, cp);
            for (String mode : MODES) {
                double[] m = frontierWatchCatchUp(mode, r);
                rate.get(mode).add(m[0]);
                cpu.get(mode).add(m[1]);
                rss.get(mode).add(m[2]);
                System.out.printf("bench: repeat %d Frontier Watch %s %,.0f rec/s, %.1f CPU-us/record, peak RSS %.0f MiB%n",
                        r, mode, m[0], m[1], m[2]);
            }
        }
        ObjectNode c = results.putObject("catch_up");
        rate.forEach((k, v) -> c.set(k + "_records_per_s", stats(v)));
        cpu.forEach((k, v) -> c.set(k + "_cpu_us_per_record", stats(v)));
        rss.forEach((k, v) -> c.set(k + "_peak_rss_mib", stats(v)));
        double ceiling = median(rate.get("consumer_performance"));
        for (String mode : MODES) {
            c.put(mode + "_over_consumer_performance", round(median(rate.get(mode)) / ceiling));
        }
        if (MODES.size() == 2) {
            c.put("exactly_once_over_at_least_once", round(median(rate.get(MODES.get(0))) / median(rate.get(MODES.get(1)))));
        }
    }

    /** Kafka's ConsumerPerformance over the whole reports topic, in its own JVM; its fetch.nMsg.sec. */
    private double consumerPerformance(int repeat) throws Exception {
        try (JarProcess p = JarProcess.startClass("org.apache.kafka.tools.ConsumerPerformance", null,
                "--bootstrap-server", bootstrap, "--topic", topics.incidentReports(), "--messages",
                Integer.toString(REPORTS), "--group", "bench-cp-" + repeat + "-" + System.nanoTime(), "--timeout",
                "60000")) {
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

    /** One catch-up from scratch (fresh application id and state): records/s, CPU-µs/record, peak RSS MiB. */
    private double[] frontierWatchCatchUp(String mode, int repeat) throws Exception {
        String app = "bench-" + mode.replace('_', '-') + "-" + repeat;
        Path state = work.resolve(app);
        try (ProcessorProcess p = ProcessorProcess.start(bootstrap, app, app, state, PARTITIONS,
                env(Map.of("FW_KAFKA_PROCESSING_GUARANTEE", mode)))) {
            p.awaitRunning(Duration.ofMinutes(3));
            long t0 = System.nanoTime();
            long cpu0 = ProcStats.cpuMicros(p.pid());
            awaitCaughtUp(app, p);
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.cpuMicros(p.pid());
            double rss = ProcStats.peakRssMiB(p.pid());
            p.stop(Duration.ofSeconds(60));
            double secs = (t1 - t0) / 1e9;
            return new double[] {REPORTS / secs, (cpu1 - cpu0) / (double) REPORTS, rss};
        }
    }

    private void awaitCaughtUp(String app, ProcessorProcess p) throws Exception {
        awaitCaughtUp(app, p, topics.incidentReports());
    }

    private void awaitCaughtUp(String app, ProcessorProcess p, String reportsTopic) throws Exception {
        String repartition = app + "-" + Names.RULE_GROUPS_REPARTITION + "-repartition";
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> reportEnds = ends(admin, reportsTopic);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("processor died:\n" + p.log());
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = reportEnds.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    Map<TopicPartition, Long> repartitionEnds = ends(admin, repartition);
                    if (repartitionEnds.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue())) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException(app + " did not catch up within " + LIMIT);
    }

    // ------------------------------------------------------------------------------------------ latency

    private void latency() throws Exception {
        ObjectNode lat = results.putObject("latency");
        for (int commit : COMMITS) {
            // Each commit interval gets topics of its own, so that no run starts behind another's backlog.
            Path props = work.resolve("live-" + commit + ".properties");
            liveReports = "live-reports-c" + commit;
            liveAlerts = "live-alerts-c" + commit;
            Files.writeString(props, String.join("\n",
                    "frontier.topic.incident-reports=" + liveReports,
                    "frontier.topic.alerts=" + liveAlerts,
                    "frontier.topic.alerts-cap=live-alerts-cap-c" + commit,
                    "frontier.topic.dead-letter=live-dlq-c" + commit,
                    "frontier.rules.file=" + Fixtures.RULES.toAbsolutePath()) + "\n");
            String app = "bench-live-c" + commit;
            Map<Integer, List<double[]>> byRate = new LinkedHashMap<>();
            try (ProcessorProcess p = ProcessorProcess.start(bootstrap, app, app, work.resolve(app), PARTITIONS,
                    env(Map.of("FW_KAFKA_COMMIT_INTERVAL_MS", Integer.toString(commit))),
                    List.of("--config", props.toString()))) {
                p.awaitRunning(Duration.ofMinutes(3));
                liveApp = app;
                liveProcessor = p;
                offeredLoad(RATES.get(0), 5, "warm-up");
                for (int r = 1; r <= REPEATS; r++) {
                    for (int rate : RATES) {
                        double[] q = offeredLoad(rate, LATENCY_SECONDS, "c" + commit + "-r" + r + "-" + rate);
                        byRate.computeIfAbsent(rate, k -> new ArrayList<>()).add(q);
                        System.out.printf("bench: latency commit.interval.ms=%d %,d reports/s (repeat %d): p50 %.0f "
                                + "p99 %.0f p99.9 %.0f max %.0f ms over %.0f alerts; achieved %,.0f reports/s%n",
                                commit, rate, r, q[0], q[1], q[2], q[3], q[4], q[5]);
                    }
                }
                p.stop(Duration.ofSeconds(60));
            }
            ObjectNode c = lat.putObject("commit_interval_ms_" + commit);
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
    }

    /**
     * Live load at a fixed rate for {@link #SOAK_MINUTES}, sampling the processor's resident memory every 10 s:
     * flat memory means the state is bounded. Reports the first and last minute's mean RSS and their difference.
     */
    private void soak() throws Exception {
        String commit = "100";
        Path props = work.resolve("soak.properties");
        liveReports = "soak-reports";
        liveAlerts = "soak-alerts";
        Files.writeString(props, String.join("\n", "frontier.topic.incident-reports=" + liveReports,
                "frontier.topic.alerts=" + liveAlerts, "frontier.topic.alerts-cap=soak-alerts-cap",
                "frontier.topic.dead-letter=soak-dlq", "frontier.rules.file=" + Fixtures.RULES.toAbsolutePath()) + "\n");
        String app = "bench-soak";
        List<double[]> samples = new ArrayList<>();
        try (ProcessorProcess p = ProcessorProcess.start(bootstrap, app, app, work.resolve(app), PARTITIONS,
                env(Map.of("FW_KAFKA_COMMIT_INTERVAL_MS", commit)), List.of("--config", props.toString()));
             KafkaProducer<byte[], byte[]> producer = producer(false)) {
            p.awaitRunning(Duration.ofMinutes(3));
            Random random = new Random(SEED);
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(SOAK_MINUTES);
            long perReport = 1_000_000_000L / SOAK_RATE;
            long nextSample = start;
            for (long i = 0; System.nanoTime() < end; i++) {
                long wait = start + i * perReport - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the offered load
                }
                String id = "SOAK-" + i;
                producer.send(new ProducerRecord<>(liveReports, id.getBytes(StandardCharsets.UTF_8),
                        liveReport(id, random).getBytes(StandardCharsets.UTF_8)));
                if (System.nanoTime() >= nextSample) {
                    samples.add(new double[] {(System.nanoTime() - start) / 60e9, ProcStats.rssMiB(p.pid())});
                    nextSample += TimeUnit.SECONDS.toNanos(10);
                }
            }
            p.stop(Duration.ofSeconds(60));
        }
        ObjectNode o = results.putObject("soak");
        o.put("minutes", SOAK_MINUTES);
        o.put("rate_per_s", SOAK_RATE);
        double first = samples.stream().filter(x -> x[0] <= 1).mapToDouble(x -> x[1]).average().orElse(Double.NaN);
        double last = samples.stream().filter(x -> x[0] >= SOAK_MINUTES - 1).mapToDouble(x -> x[1]).average()
                .orElse(Double.NaN);
        o.put("rss_first_minute_mib", round(first));
        o.put("rss_last_minute_mib", round(last));
        ArrayNode series = o.putArray("rss_mib_every_10s");
        samples.forEach(x -> series.add(round(x[1])));
        System.out.printf("bench: soak %d min at %d reports/s: RSS %.0f MiB in the first minute, %.0f MiB in the last%n",
                SOAK_MINUTES, SOAK_RATE, first, last);
    }

    /**
     * Offers {@code rate} reports/s for {@code seconds} and measures, for every alert message whose newest evidence
     * was sent in this run, the time from that report's send to the alert's arrival at a read_committed consumer.
     * Returns p50, p99, p99.9, max (ms), the number of alerts measured and the achieved send rate.
     */
    private double[] offeredLoad(int rate, int seconds, String run) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        JsonSerde<Alert> alerts = new JsonSerde<>(Alert.class);
        Thread reader;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = consumer.partitionsFor(liveAlerts).stream()
                    .map(i -> new TopicPartition(liveAlerts, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            reader = new Thread(() -> {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Alert a = alerts.deserializer().deserialize(liveAlerts, r.value());
                        long newest = Long.MIN_VALUE;
                        for (String id : a.incidentIds()) {
                            Long t = sentAt.get(id);
                            if (t != null && t > newest) {
                                newest = t;
                            }
                        }
                        if (newest != Long.MIN_VALUE) {
                            latencies.add((now - newest) / 1e6);
                        }
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
                    String id = "LIVE-" + run + "-" + i;
                    byte[] value = liveReport(id, random).getBytes(StandardCharsets.UTF_8);
                    sentAt.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(liveReports, id.getBytes(StandardCharsets.UTF_8), value));
                }
                producer.flush();
            }
            double achieved = total / ((System.nanoTime() - start) / 1e9);
            // Wait until the processor has committed everything offered, then give the reader a second to see it.
            awaitCaughtUp(liveApp, liveProcessor, liveReports);
            TimeUnit.SECONDS.sleep(1);
            stop.set(true);
            reader.join(5_000);
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new double[] {pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), sorted.size(), achieved};
        }
    }

    private static final String[][] LIVE_EVENTS = {
            {"Battles", "Armed clash"}, {"Explosions/Remote violence", "Air/drone strike"},
            {"Violence against civilians", "Attack"}, {"Strategic developments", "Disrupted weapons use"}};
    private static final String[] LIVE_COUNTRIES = {"TJ", "AF", "PK", "IR", "UZ", "TM", "KG", "IQ"};

    /** A current report (~300 bytes) in one of the benchmark's 400 districts. */
    private static String liveReport(String id, Random random) {
        String country = LIVE_COUNTRIES[random.nextInt(LIVE_COUNTRIES.length)];
        String[] e = LIVE_EVENTS[random.nextInt(LIVE_EVENTS.length)];
        ObjectNode r = new ObjectMapper().createObjectNode().put("id", id).put("revision", 1)
                .put("occurred_at", Instant.now().minusSeconds(60).toString()).put("event_type", e[0])
                .put("sub_event_type", e[1]).put("country", country)
                .put("admin2", "Gen " + country + " District " + (1 + random.nextInt(50)))
                .put("fatalities", random.nextInt(3));
        ArrayNode actors = r.putArray("actors");
        actors.add("Live benchmark group " + random.nextInt(5));
        r.put("notes", "Live benchmark report " + id);
        return r.toString();
    }

    // ------------------------------------------------------------------------------------------ output

    private void writeResults() throws Exception {
        results.with("settings").put("finished", Instant.now().toString());
        Files.writeString(OUT.resolve("results.json"), json.writeValueAsString(results));
        String table = Table.render(results);
        Files.writeString(OUT.resolve("results.txt"), table);
        System.out.println(table);
        Chart.write(results, OUT.resolve("results.png"));
        System.out.println("bench: wrote " + OUT.resolve("results.json") + ", results.txt and results.png");
    }

    private ObjectNode stats(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        ObjectNode o = json.createObjectNode();
        o.put("median", round(median(v)));
        o.put("min", round(v.get(0)));
        o.put("max", round(v.get(v.size() - 1)));
        ArrayNode all = o.putArray("runs");
        values.forEach(x -> all.add(round(x)));
        return o;
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
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

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        int n = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> req = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            req.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
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
        if (!PROCESSOR_JVM_OPTIONS.isBlank()) {
            out.put("JAVA_TOOL_OPTIONS", PROCESSOR_JVM_OPTIONS);
        }
        return out;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
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

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // temp dir
        }
    }
}
