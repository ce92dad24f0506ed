package org.frontierwatch.bench;

import static org.frontierwatch.bench.BenchKafka.deleteQuietly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.frontierwatch.broker.FreshTopicProducers;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.Topics;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.BrokerProcess;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.LiveReports;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.ScenarioGenerator.Shape;
import org.frontierwatch.topology.Names;

/**
 * The recovery benchmark of issue #27 ({@code mvn -B -P recovery -DskipTests verify}): consumes the built jar and
 * system properties; produces a table on stdout and {@code target/bench/recovery.json}. A broker in its own process;
 * {@code recovery.reports} generated reports (default 100,000, about 92,000 new incidents) whose event times all
 * lie within 20 days, so that every incident stays in the state, keyed over {@code recovery.partitions} partitions
 * (default 12); then a steady tail of new reports ({@code recovery.tail-rate}, default 100/s) for the rest of the run.
 * Each application (the processor as a child JVM with the defaults a user gets, plus the setting under test):
 * <ul>
 *   <li>{@code crash}: one instance with {@code enable.transactional.statestores} false, then true: catches up (its
 *   reports/s and CPU-µs per report, state and changelog bytes), then kill -9 and an immediate restart on the same
 *   state directory, twice: time from the kill until the input's committed offsets move again, and the records
 *   restored from changelogs; then once more with the state directory deleted (everything restored);</li>
 *   <li>{@code instances}: three instances with {@code num.standby.replicas} 0, then 1: catch up, kill one (not
 *   restarted): time until every partition is processed again and the records restored; start it again: time
 *   until the group is stable with three members and every partition moved past where it was.</li>
 * </ul>
 * {@code recovery.scenarios} (default {@code crash,instances}), {@code recovery.group-protocols} (default
 * {@code classic}; {@code classic,streams} adds KIP-1071's protocol to {@code instances}) and
 * {@code recovery.standbys} (default {@code 0,1}) choose what runs; {@code recovery.catch-up-transactional=true}
 * lets {@code crash} without transactional stores catch up with them first. Each result is printed as it is measured.
 */
public final class RecoveryBenchmark {

    static final int REPORTS = Integer.getInteger("recovery.reports", 100_000);
    static final int PARTITIONS = Integer.getInteger("recovery.partitions", 12);
    static final int TAIL_RATE = Integer.getInteger("recovery.tail-rate", 100);
    static final List<String> SCENARIOS = List.of(System.getProperty("recovery.scenarios", "crash,instances")
            .split(","));
    static final List<String> PROTOCOLS = List.of(System.getProperty("recovery.group-protocols", "classic")
            .split(","));
    /** The {@code enable.transactional.statestores} values the crash scenario runs, in this order. */
    static final List<String> TRANSACTIONAL = List.of(System.getProperty("recovery.transactional", "true,false")
            .split(","));
    /** The {@code num.standby.replicas} values the instances scenario runs, in this order. */
    static final List<String> STANDBYS = List.of(System.getProperty("recovery.standbys", "0,1").split(","));
    /**
     * Catch up with transactional stores on, whatever the setting measured: without them a million reports take
     * longer than {@link #LIMIT} here (~260/s). The processor then stops cleanly and restarts with the setting
     * measured before the kills, which then measure that setting's recovery from the same state.
     */
    static final boolean CATCH_UP_TRANSACTIONAL = Boolean.getBoolean("recovery.catch-up-transactional");
    /** {@code frontier.state.rocksdb-memory-mb} for every processor; empty: the processor's default. */
    static final String ROCKSDB_MEMORY_MB = System.getProperty("recovery.rocksdb-memory-mb", "");
    static final long SEED = 20261207L;
    static final Duration LIMIT = Duration.ofMinutes(40);
    /** A takeover slower than this is looked into: see {@link #awaitTakeover}. */
    static final Duration SLOW_TAKEOVER = Duration.ofSeconds(40);
    static final Duration SPAN = Duration.ofDays(20);
    static final Set<String> TASK_STORES = Set.of(Names.INCIDENTS_STORE, Names.WATERMARK_STORE,
            Names.RULE_GROUP_STATE_STORE);
    static final Path OUT = Path.of("target", "bench");

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode results = json.createObjectNode();
    private final Topics topics = Fixtures.defaultConfig().topics();
    /** The pre-loaded reports' shape; the tail's event times continue from its end. */
    private final Shape history = history();
    private final List<String> table = new ArrayList<>();
    private final Path work;
    private String bootstrap;
    private List<String> runArgs = List.of();
    private Tail tail;

    private RecoveryBenchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (!Files.exists(JarProcess.JAR)) {
            throw new IllegalStateException(JarProcess.JAR + " is missing: build it first (mvn package)");
        }
        Path work = Files.createTempDirectory("fw-recovery");
        try {
            new RecoveryBenchmark(work).run();
        } finally {
            deleteQuietly(work);
        }
    }

    private void run() throws Exception {
        Files.createDirectories(OUT);
        ObjectNode s = results.putObject("settings");
        s.put("kafka", AppInfoParser.getVersion());
        s.put("cpus", Runtime.getRuntime().availableProcessors());
        s.put("reports", REPORTS);
        s.put("partitions", PARTITIONS);
        s.put("tail_rate", TAIL_RATE);
        s.put("rocksdb_memory_mb", ROCKSDB_MEMORY_MB.isBlank() ? "default" : ROCKSDB_MEMORY_MB);
        s.put("started", Instant.now().toString());
        if (!ROCKSDB_MEMORY_MB.isBlank()) {
            Path config = work.resolve("processor.properties");
            Files.writeString(config, "frontier.state.rocksdb-memory-mb=" + ROCKSDB_MEMORY_MB + "\n");
            runArgs = List.of("--config", config.toString());
        }
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"))) {
            measure(broker);
        } finally {
            json.writeValue(OUT.resolve("recovery.json").toFile(), results);
            System.out.println("\nrecovery: " + REPORTS + " reports over " + PARTITIONS + " partitions, Kafka "
                    + AppInfoParser.getVersion() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
            table.forEach(System.out::println);
        }
    }

    private void measure(BrokerProcess broker) throws Exception {
        bootstrap = broker.bootstrapServers();
        preload();
        try (Tail t = new Tail()) {
            tail = t;
            if (SCENARIOS.contains("crash")) {
                for (String transactional : TRANSACTIONAL) {
                    crash(Boolean.parseBoolean(transactional) ? "transactional" : "plain",
                            Boolean.parseBoolean(transactional));
                }
            }
            if (SCENARIOS.contains("instances")) {
                for (String protocol : PROTOCOLS) {
                    for (String standbys : STANDBYS) {
                        instances(protocol, Integer.parseInt(standbys.trim()));
                    }
                }
            }
        }
    }

    /** Reference data and the reports, as fast as the broker takes them; the event times end a day before now. */
    private void preload() throws Exception {
        try (Admin admin = admin()) {
            TopicSetup.createMissing(admin, topics, PARTITIONS, Duration.ofSeconds(60));
        }
        Shape shape = history;
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback check = (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        long start = System.nanoTime();
        long[] bytes = {0};
        try (KafkaProducer<byte[], byte[]> producer = producer(true)) {
            // The generator's partition is one per country cluster (at most 8); the key spreads them over all.
            Scenario scenario = ScenarioGenerator.stream(SEED, REPORTS, shape, topics, r -> {
                bytes[0] += r.value() == null ? 0 : r.value().length;
                producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value()), check);
            });
            scenario.reference().forEach(r -> producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value()),
                    check));
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("pre-loading failed", failure.get());
            }
            ObjectNode o = results.putObject("history");
            o.put("history_start", shape.start().toString());
            o.put("history_end", shape.end().toString());
            o.put("new_incidents_expected", scenario.accepted());
            o.put("mean_report_bytes", bytes[0] / REPORTS);
            o.put("preload_seconds", (System.nanoTime() - start) / 1e9);
            System.out.printf("recovery: pre-loaded %,d reports (%,d new incidents expected) in %.1f s%n", REPORTS,
                    scenario.accepted(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The benchmark's districts, sites and mix, over 20 days: shorter than the incident retention. */
    private static Shape history() {
        Shape b = Shape.benchmark();
        return new Shape(4, b.districtsPerCountry(), b.sitesPerDistrict(), SPAN, b.foreignVictimPercent(),
                b.crossBorderPercent(), b.mixPermille(), b.liveCap())
                .endingAt(Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES));
    }

    // ------------------------------------------------------------------------------------------ crash

    private void crash(String label, boolean transactional) throws Exception {
        String app = "recovery-crash-" + label;
        Path state = work.resolve(app);
        Map<String, String> env = Map.of("FW_KAFKA_ENABLE_TRANSACTIONAL_STATESTORES", Boolean.toString(transactional));
        ObjectNode o = section("crash").putObject(label);
        boolean switchAfterCatchUp = CATCH_UP_TRANSACTIONAL && !transactional;
        ProcessorProcess p = ProcessorProcess.startWithDefaults(bootstrap, app, app, state, PARTITIONS,
                switchAfterCatchUp ? Map.of("FW_KAFKA_ENABLE_TRANSACTIONAL_STATESTORES", "true") : env, runArgs);
        try {
            p.awaitRunning(LIMIT);
            catchUp(app, List.of(p), o);
            o.put("new_incidents", p.metric("frontierwatch_reports_accepted_total{kind=\"new\"}"));
            o.put("state_bytes", sizeOf(state));
            internalBytes(app, o);
            profileRuleGroupChangelog(app, o);
            if (switchAfterCatchUp) {
                p.stop(Duration.ofMinutes(2));
                p.close();
                Map<TopicPartition, Long> stopped = committed(app);
                p = ProcessorProcess.startWithDefaults(bootstrap, app, app, state, PARTITIONS, env, runArgs);
                p.awaitRunning(LIMIT);
                Await.until(() -> allAdvanced(app, stopped), LIMIT, () -> app + " processing after the switch");
                long restored = p.restoredRecords(TASK_STORES);
                o.put("caught_up_transactional_then_restored_records", restored);
                result(String.format("crash, caught up with transactional stores, restarted cleanly without: %,d "
                        + "records restored", restored));
            }
            for (int kill = 1; kill <= 2; kill++) {
                long steady = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Await.until(() -> System.nanoTime() >= steady, Duration.ofSeconds(20), () -> "10 s of steady tail");
                long killedAt = System.nanoTime();
                p.kill();
                p.close();
                Map<TopicPartition, Long> before = committed(app); // the dead process commits nothing more
                p = ProcessorProcess.startWithDefaults(bootstrap, app, app, state, PARTITIONS, env, runArgs);
                recovered(app, before, p, killedAt, "kill_" + kill, "kill -9 #" + kill, transactional, o);
            }
            // A lost volume: everything comes back from the changelogs (the restore rate a capacity plan needs).
            p.kill();
            p.close();
            deleteQuietly(state);
            long lostAt = System.nanoTime();
            Map<TopicPartition, Long> before = committed(app);
            p = ProcessorProcess.startWithDefaults(bootstrap, app, app, state, PARTITIONS, env, runArgs);
            recovered(app, before, p, lostAt, "lost_state", "state lost", transactional, o);
            o.put("entered_error", p.enteredError());
        } catch (Exception | AssertionError e) {
            o.put("failed", String.valueOf(e.getMessage()));
            result("crash, transactional stores " + transactional + ": FAILED " + e.getMessage() + "\n"
                    + tailOf(p.log()));
        } finally {
            p.close();
            dropApplication(app, state);
        }
    }

    /**
     * Waits, after a kill at {@code since} and a restart as {@code p}, until the first partition and then every
     * partition is processed again (the input's committed offsets past {@code before}, where the kill left them);
     * records both times and the records restored by then.
     */
    private void recovered(String app, Map<TopicPartition, Long> before, ProcessorProcess p, long since, String key,
                           String what, boolean transactional, ObjectNode o) throws Exception {
        long baseline = before.values().stream().mapToLong(Long::longValue).sum();
        Await.until(() -> committedSum(app) > baseline, LIMIT, () -> app + " processing again");
        long first = (System.nanoTime() - since) / 1_000_000;
        Await.until(() -> allAdvanced(app, before), LIMIT, () -> app + " processing every partition again");
        long all = (System.nanoTime() - since) / 1_000_000;
        long restored = p.restoredRecords(TASK_STORES);
        o.put(key + "_first_partition_ms", first);
        o.put(key + "_all_partitions_ms", all);
        o.put(key + "_restored_records", restored);
        result(String.format("crash, transactional stores %-5s  %-10s: first partition again after %,7d ms, all "
                + "after %,7d ms, %,d records restored", transactional, what, first, all, restored));
    }

    // ------------------------------------------------------------------------------------------ instances

    private void instances(String protocol, int standbys) throws Exception {
        String app = "recovery-" + protocol + "-standby-" + standbys;
        Map<String, String> env = Map.of("FW_KAFKA_NUM_STANDBY_REPLICAS", Integer.toString(standbys),
                "FW_KAFKA_GROUP_PROTOCOL", protocol);
        ObjectNode o = section("instances").putObject(protocol + "-standby-" + standbys);
        List<ProcessorProcess> ps = new ArrayList<>();
        List<Path> states = List.of(work.resolve(app + "-a"), work.resolve(app + "-b"), work.resolve(app + "-c"));
        try {
            if (protocol.equals("streams")) {
                streamsGroupConfig(app, standbys, o);
            }
            for (Path state : states) {
                ps.add(ProcessorProcess.startWithDefaults(bootstrap, app, state.getFileName().toString(), state,
                        PARTITIONS, env, runArgs));
            }
            for (ProcessorProcess p : ps) {
                p.awaitRunning(LIMIT);
            }
            catchUp(app, ps, o);
            long steady = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Await.until(() -> System.nanoTime() >= steady, Duration.ofSeconds(20), () -> "10 s of steady tail");
            if (protocol.equals("streams")) {
                streamsTasks(app, "before the kill", o);
            }
            List<ProcessorProcess> survivors = ps.subList(0, 2);
            long restoredBefore = restored(survivors);
            List<Integer> promotedBefore = survivors.stream().map(p -> p.promotedStandbyLags().size()).toList();
            double standbyLoadedBefore = standbyLoaded(survivors);
            long cpuBefore = cpu(survivors);
            long killedAt = System.nanoTime();
            ps.get(2).kill();
            Map<TopicPartition, Long> before = committed(app); // the dead instance commits nothing more
            awaitTakeover(app, before, survivors, o);
            long takeover = (System.nanoTime() - killedAt) / 1_000_000;
            long restoredByTakeover = restored(survivors) - restoredBefore;
            o.put("takeover_survivors_cpu_seconds", (cpu(survivors) - cpuBefore) / 1e6);
            List<Long> promoted = new ArrayList<>();
            for (int i = 0; i < survivors.size(); i++) {
                List<Long> lags = survivors.get(i).promotedStandbyLags();
                promoted.addAll(lags.subList(promotedBefore.get(i), lags.size()));
            }
            long promotedBehind = promoted.stream().mapToLong(l -> Math.max(0, l)).sum();
            long standbyLoaded = (long) (standbyLoaded(survivors) - standbyLoadedBefore);
            if (protocol.equals("streams")) {
                streamsTasks(app, "after the takeover", o);
            }
            long idle = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Await.until(() -> System.nanoTime() >= idle, Duration.ofSeconds(30), () -> "20 s with two instances");
            ps.get(2).close();
            Map<TopicPartition, Long> atReturn = committed(app);
            long returnedAt = System.nanoTime();
            ps.set(2, ProcessorProcess.startWithDefaults(bootstrap, app, "c", states.get(2), PARTITIONS, env,
                    runArgs));
            Await.until(() -> stableWithThree(app, protocol) && allAdvanced(app, atReturn), LIMIT,
                    () -> app + ": three members and every partition after the return");
            long rejoin = (System.nanoTime() - returnedAt) / 1_000_000;
            o.put("takeover_ms", takeover);
            o.put("takeover_restored_records", restoredByTakeover);
            o.put("takeover_standbys_promoted", promoted.size());
            o.put("takeover_promoted_records_behind", promotedBehind);
            o.put("takeover_promoted_lag_unknown", promoted.stream().filter(l -> l < 0).count());
            o.put("takeover_standby_records_loaded", standbyLoaded);
            o.put("rejoin_ms", rejoin);
            o.put("entered_error", ps.stream().anyMatch(ProcessorProcess::enteredError));
            result(String.format("3 instances, %-7s protocol, num.standby.replicas=%d: one killed -> all partitions"
                    + " again after %,7d ms (%,d records restored; %d standbys promoted, %,d records behind; %,d "
                    + "records loaded into standbys meanwhile); back -> stable after %,7d ms", protocol, standbys,
                    takeover, restoredByTakeover, promoted.size(), promotedBehind, standbyLoaded, rejoin));
        } catch (Exception | AssertionError e) {
            o.put("failed", String.valueOf(e.getMessage()));
            result("3 instances, " + protocol + " protocol, num.standby.replicas=" + standbys + ": FAILED "
                    + e.getMessage() + (ps.isEmpty() ? "" : "\n" + tailOf(ps.get(0).log())));
        } finally {
            ps.forEach(ProcessorProcess::close);
            dropApplication(app, states.toArray(Path[]::new));
        }
    }

    // ------------------------------------------------------------------------------------------ measuring

    /**
     * Records one line of the table, prints it at once and rewrites the results file, so that a long run that is
     * stopped part-way keeps what it measured.
     */
    private void result(String line) {
        table.add(line);
        System.out.println("recovery: " + line);
        try {
            json.writeValue(OUT.resolve("recovery.json").toFile(), results);
        } catch (IOException e) {
            System.out.println("recovery: could not write the results so far: " + e);
        }
    }

    private ObjectNode section(String name) {
        return results.has(name) ? (ObjectNode) results.get(name) : results.putObject(name);
    }

    /** Waits until the application has committed the input to its current end; records the rate and CPU cost. */
    private void catchUp(String app, List<ProcessorProcess> ps, ObjectNode o) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = cpu(ps);
        Map<TopicPartition, Long> ends = ends(topics.incidentReports());
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        Await.until(() -> {
            for (ProcessorProcess p : ps) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(app + ": a processor died\n" + tailOf(p.log()));
                }
            }
            Map<TopicPartition, Long> c = committed(app);
            return ends.entrySet().stream().allMatch(e -> c.getOrDefault(e.getKey(), 0L) >= e.getValue());
        }, LIMIT, Duration.ofSeconds(1), () -> app + " catching up");
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuPerReport = (cpu(ps) - cpu0) / (double) total;
        o.put("catch_up_reports", total);
        o.put("catch_up_seconds", secs);
        o.put("catch_up_reports_per_second", total / secs);
        o.put("cpu_micros_per_report", cpuPerReport);
        result(String.format("%-40s caught up on %,d reports in %.0f s: %,.0f reports/s, %.0f CPU-µs per report",
                app, total, secs, total / secs, cpuPerReport));
    }

    private static long cpu(List<ProcessorProcess> ps) throws Exception {
        long sum = 0;
        for (ProcessorProcess p : ps) {
            sum += ProcStats.cpuMicros(p.pid());
        }
        return sum;
    }

    /** Records loaded into standby replicas of the task stores, from the processors' counters. */
    private static double standbyLoaded(List<ProcessorProcess> ps) throws Exception {
        double sum = 0;
        for (ProcessorProcess p : ps) {
            for (String store : TASK_STORES) {
                sum += p.metric("frontierwatch_standby_updated_records_total{store=\"" + store + "\"}");
            }
        }
        return sum;
    }

    private static long restored(List<ProcessorProcess> ps) {
        return ps.stream().mapToLong(p -> p.restoredRecords(TASK_STORES)).sum();
    }

    /** Bytes on the broker of the application's changelog and repartition topics, per report processed. */
    private void internalBytes(String app, ObjectNode o) throws Exception {
        try (Admin admin = admin()) {
            Map<String, Long> bytes = new TreeMap<>();
            Map<String, Long> perTopic = new TreeMap<>();
            admin.describeLogDirs(List.of(1)).allDescriptions().get(30, TimeUnit.SECONDS).values()
                    .forEach(dirs -> dirs.values().forEach(d -> d.replicaInfos().forEach((tp, info) -> {
                        if (tp.topic().startsWith(app + "-")) {
                            String kind = tp.topic().endsWith("-changelog") ? "changelog" : "repartition";
                            bytes.merge(kind, info.size(), Long::sum);
                            perTopic.merge(tp.topic().substring(app.length() + 1), info.size(), Long::sum);
                        }
                    })));
            bytes.forEach((kind, b) -> o.put(kind + "_bytes", b));
            ObjectNode topicBytes = o.putObject("internal_topic_bytes");
            perTopic.forEach(topicBytes::put);
            result(String.format("%-40s state directory %,d bytes; changelogs %,d bytes, repartition %,d bytes",
                    app, o.get("state_bytes").asLong(), bytes.getOrDefault("changelog", 0L),
                    bytes.getOrDefault("repartition", 0L)));
        }
    }

    /** What the rule-group state's changelog holds, by kind of value: where the changelog bytes per report go. */
    private void profileRuleGroupChangelog(String app, ObjectNode o) throws Exception {
        Map<String, ChangelogProfile.Kind> kinds = ChangelogProfile.read(bootstrap,
                app + "-" + Names.RULE_GROUP_STATE_STORE + "-changelog", LIMIT);
        ObjectNode p = o.putObject("rule_group_changelog");
        kinds.values().forEach(k -> p.putObject(k.name()).put("records", k.records()).put("bytes", k.bytes())
                .put("largest_value_bytes", k.largestValue()));
        result(app + " rule-group state changelog: " + ChangelogProfile.describe(kinds));
    }

    /**
     * Waits until every partition has moved past {@code before}. A takeover slower than {@link #SLOW_TAKEOVER} gets
     * the partitions still waiting and a thread dump of each survivor, and their logs once it is over.
     */
    private void awaitTakeover(String app, Map<TopicPartition, Long> before, List<ProcessorProcess> survivors,
                               ObjectNode o) throws Exception {
        if (Await.holdsWithin(() -> allAdvanced(app, before), SLOW_TAKEOVER, Await.POLL)) {
            return;
        }
        o.put("waiting_after_" + SLOW_TAKEOVER.toSeconds() + "_s", notAdvanced(app, before).toString());
        dumpThreads(app + "-takeover", survivors);
        Await.until(() -> allAdvanced(app, before), LIMIT, () -> app + ": every partition after the kill");
        for (ProcessorProcess p : survivors) {
            Files.writeString(OUT.resolve(app + "-takeover-" + p.pid() + ".log"), p.log());
        }
    }

    private List<TopicPartition> notAdvanced(String app, Map<TopicPartition, Long> before) throws Exception {
        Map<TopicPartition, Long> now = committed(app);
        return before.entrySet().stream().filter(e -> now.getOrDefault(e.getKey(), 0L) <= e.getValue())
                .map(Map.Entry::getKey).sorted(Comparator.comparing(TopicPartition::toString)).toList();
    }

    /** A thread dump of each process (jstack) into {@link #OUT}, named after {@code label} and the pid. */
    private static void dumpThreads(String label, List<ProcessorProcess> ps) throws Exception {
        for (ProcessorProcess p : ps) {
            Path file = OUT.resolve(label + "-" + p.pid() + ".txt");
            Process jstack = new ProcessBuilder("jstack", Long.toString(p.pid())).redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start();
            if (!jstack.waitFor(60, TimeUnit.SECONDS)) {
                jstack.destroyForcibly();
            }
            System.out.println("recovery: threads of " + p.pid() + " in " + file);
        }
    }

    private boolean allAdvanced(String app, Map<TopicPartition, Long> before) throws Exception {
        Map<TopicPartition, Long> now = committed(app);
        return before.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) > e.getValue());
    }

    /** Whether the group is stable with three members: a classic consumer group, or a KIP-1071 streams group. */
    private boolean stableWithThree(String app, String protocol) throws Exception {
        try (Admin admin = admin()) {
            if (protocol.equals("streams")) {
                var d = admin.describeStreamsGroups(List.of(app)).all().get(30, TimeUnit.SECONDS).get(app);
                return d.members().size() == 3 && d.groupState().toString().equalsIgnoreCase("stable");
            }
            var d = admin.describeConsumerGroups(List.of(app)).all().get(30, TimeUnit.SECONDS).get(app);
            return d.members().size() == 3 && d.groupState().toString().equalsIgnoreCase("stable");
        }
    }

    /**
     * A streams-protocol group takes its standbys and session timeout from the group's configuration on the broker
     * (the client ignores num.standby.replicas): set them as the classic runs have them, saying what the broker
     * refused.
     */
    private void streamsGroupConfig(String app, int standbys, ObjectNode o) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, app);
            for (Map.Entry<String, String> c : Map.of("streams.num.standby.replicas", Integer.toString(standbys),
                    "streams.session.timeout.ms", "10000").entrySet()) {
                try {
                    admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                            new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))))
                            .all().get(30, TimeUnit.SECONDS);
                    o.put(c.getKey(), c.getValue());
                } catch (Exception e) {
                    o.put(c.getKey(), "refused: " + e.getMessage());
                    result(app + ": the broker refused " + c.getKey() + "=" + c.getValue() + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * The tasks the broker assigned to each member of a streams-protocol group (active, standby, warm-up), recorded
     * as {@code when}: whether the group's standbys exist where a takeover needs them.
     */
    private void streamsTasks(String app, String when, ObjectNode o) throws Exception {
        try (Admin admin = admin()) {
            var d = admin.describeStreamsGroups(List.of(app)).all().get(30, TimeUnit.SECONDS).get(app);
            StringBuilder line = new StringBuilder();
            for (var m : d.members()) {
                var a = m.assignment();
                line.append(String.format("%s: %d active, %d standby, %d warm-up; ", m.clientId(),
                        taskCount(a.activeTasks()), taskCount(a.standbyTasks()), taskCount(a.warmupTasks())));
            }
            o.put("tasks " + when, line.toString());
            result(app + " tasks " + when + ": " + line);
        }
    }

    private static int taskCount(List<StreamsGroupMemberAssignment.TaskIds> tasks) {
        return tasks.stream().mapToInt(t -> t.partitions().size()).sum();
    }

    private long committedSum(String app) throws Exception {
        return committed(app).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> committed(String app) throws Exception {
        if (tail != null && tail.failure.get() != null) {
            throw new IllegalStateException("the tail of new reports failed", tail.failure.get());
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            c.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topics.incidentReports())) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        }
    }

    private Map<TopicPartition, Long> ends(String topic) throws Exception {
        try (Admin admin = admin()) {
            return BenchKafka.ends(admin, List.of(topic));
        }
    }

    private void dropApplication(String app, Path... states) {
        BenchKafka.dropApplication(bootstrap, app, List.of(), states);
    }

    private static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String tailOf(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }

    private Admin admin() {
        return BenchKafka.admin(bootstrap);
    }

    /** One request in flight: the topics were created moments before (see FreshTopicProducers, KAFKA-15591). */
    private KafkaProducer<byte[], byte[]> producer(boolean bulk) {
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Properties p = FreshTopicProducers.settings(client);
        p.put(ProducerConfig.LINGER_MS_CONFIG, bulk ? "50" : "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, bulk ? "524288" : "16384");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "134217728");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }


    /**
     * New reports at {@code recovery.tail-rate} from a thread of its own for the whole run, with event times
     * advancing from the history's end as the wall clock does (never in the future), keyed over every partition:
     * the progress every measurement waits for.
     */
    private final class Tail implements AutoCloseable {
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        Tail() {
            LiveReports source = ScenarioGenerator.live(SEED, history, topics, "tail-");
            Instant first = history.end();
            KafkaProducer<byte[], byte[]> producer = producer(false);
            thread = new Thread(() -> {
                long start = System.nanoTime();
                long perReport = TimeUnit.SECONDS.toNanos(1) / Math.max(1, TAIL_RATE);
                try (producer) {
                    for (long i = 0; running; i++) {
                        long wait = start + i * perReport - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait); // pacing the offered load, not synchronisation
                        }
                        var r = source.next(first.plusNanos(System.nanoTime() - start));
                        producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value()), (md, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "recovery-tail");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
