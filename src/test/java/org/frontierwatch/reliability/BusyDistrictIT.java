package org.frontierwatch.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.PacedProducer;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ReliabilityOracle;
import org.frontierwatch.testing.ReliabilityVerifier;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy district end to end (issue 10): consumes a generated busy-district scenario
 * ({@code ScenarioGenerator.Shape.reliabilityBusy(4)}: half of the new incidents drawn to 3 districts per partition,
 * the busiest holding thousands of incidents inside one 30-day window), sent to a real broker while the processor
 * (a child JVM, exactly-once, default state settings) runs; produces assertion failures unless the committed alerts
 * and dead letters equal the offline oracle's, no stream thread was replaced, and the largest record (key + value)
 * of every changelog topic of the application is under 64 KiB. With a rule group's whole window in one store value,
 * the busiest district's group outgrew the 1 MB record limit and the processor crash-looped on
 * {@code RecordTooLargeException} (at 60,000 reports the busiest district holds about 3,800 incidents, some 1.2 MB
 * of old-layout group state). Sizes: {@code -Dfrontierwatch.busy.reports=N} (default 60,000),
 * {@code -Dfrontierwatch.busy.seconds=S} (how long the input is spread over, default 20),
 * {@code -Dfrontierwatch.busy.seed=S}, {@code -Dfrontierwatch.busy.oracle=split|whole} (see {@link #oracle}). The
 * processor's log is kept under {@code target/reliability-logs/}.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BusyDistrictIT {

    static final int REPORTS = Integer.getInteger("frontierwatch.busy.reports", 60_000);
    static final long SEED = Long.getLong("frontierwatch.busy.seed", 20261201L);
    static final Duration PRODUCE_OVER = Duration.ofSeconds(Long.getLong("frontierwatch.busy.seconds", 20));
    /** {@code split} (default): one oracle run per partition, in parallel; {@code whole}: one run over everything. */
    static final String ORACLE = System.getProperty("frontierwatch.busy.oracle", "split");
    static final int PARTITIONS = 4;
    /** Bound on any changelog record (key + value): issue 10's bound for the largest state value. */
    static final int MAX_CHANGELOG_RECORD_BYTES = 64 * 1024;
    /** Below this the scenario would not be busy enough to mean anything (the old layout broke near 3,400). */
    static final int MIN_BUSIEST_INCIDENTS = 3_000;
    static final Duration WAIT = Duration.ofSeconds(150);
    static final String REPLACED = "A stream thread died";

    static final AppConfig CONFIG = Fixtures.defaultConfig();
    static final Topics TOPICS = CONFIG.topics();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private ProcessorProcess processor;

    @AfterEach
    void keepTheLogAndCloseEverything() throws Exception {
        if (processor != null) {
            Path logs = Path.of("target", "reliability-logs", "BusyDistrictIT");
            Files.createDirectories(logs);
            Files.writeString(logs.resolve("processor.log"), processor.log());
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void shouldMatchTheOracleWithoutThreadReplacementAndKeepEveryChangelogRecordUnder64KiBWhenOneDistrictIsBusy()
            throws Exception {
        Scenario scenario = ScenarioGenerator.generate(SEED, REPORTS,
                ScenarioGenerator.Shape.reliabilityBusy(PARTITIONS),
                TOPICS);
        ScenarioGenerator.DistrictLoad busiest = scenario.busiest();
        System.out.printf("BusyDistrictIT: seed %d, %d reports; busiest district %s: %d incidents, %d inside one "
                        + "%d-day window%n", SEED, scenario.reports().size(), busiest.districtId(), busiest.incidents(),
                busiest.maxInWindow(), ScenarioGenerator.LOAD_WINDOW.toDays());
        assertTrue(busiest.maxInWindow() >= MIN_BUSIEST_INCIDENTS, "the scenario is not busy enough to test anything: "
                + busiest + " (raise frontierwatch.busy.reports)");

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("broker"), "127.0.0.1", 0);
        open.add(broker);
        String bootstrap = broker.bootstrapServers();
        try (Admin admin = admin(bootstrap)) {
            TopicSetup.createMissing(admin, TOPICS, PARTITIONS, Duration.ofSeconds(60));
        }
        PacedProducer producer = new PacedProducer(bootstrap);
        open.add(producer);
        producer.sendAll(scenario.reference());

        String app = "fw-busy";
        // exactly_once_v2 is run's default; said here so that the test's premise does not hang on a default.
        processor = ProcessorProcess.start(bootstrap, app, "fw-busy-a", tmp.resolve("state"), PARTITIONS,
                Map.of("FW_KAFKA_PROCESSING_GUARANTEE", "exactly_once_v2"));
        open.add(processor);
        processor.awaitRunning(WAIT);
        long start = System.nanoTime();
        producer.start(scenario.reports(), PRODUCE_OVER);

        String trouble = awaitCaughtUpOrTrouble(bootstrap, app, producer);
        long caughtUpMs = (System.nanoTime() - start) / 1_000_000;
        if (trouble != null && processor.isAlive()) {
            processor.kill(); // a crash loop would keep writing; read what it left behind
        }
        Map<String, ChangelogSize> changelogs = largestChangelogRecords(bootstrap, app);
        String sizes = describe(changelogs);
        System.out.println("BusyDistrictIT: largest changelog records (key + value):" + sizes);
        if (trouble != null) {
            fail("the processor did not get through the busy district: " + trouble + "\nlargest changelog records:"
                    + sizes + "\nprocessor log, errors:\n" + errorLines(processor.log()));
        }
        System.out.printf("BusyDistrictIT: %d reports processed and committed %d ms after the first was sent%n",
                scenario.reports().size(), caughtUpMs);

        // (b) no stream thread replaced: the counter and the log agree.
        assertEquals(0, processor.metric("frontierwatch_stream_thread_replacements_total"),
                "stream threads were replaced:\n" + errorLines(processor.log()));
        assertFalse(processor.log().contains(REPLACED), errorLines(processor.log()));
        assertFalse(processor.enteredError(), errorLines(processor.log()));

        // (c) every changelog record of the application under the bound.
        assertFalse(changelogs.isEmpty(), "no changelog topic of " + app + " found");
        List<String> oversized = changelogs.values().stream()
                .filter(c -> c.largestBytes() >= MAX_CHANGELOG_RECORD_BYTES).map(ChangelogSize::toString).toList();
        assertTrue(oversized.isEmpty(), "changelog records of " + MAX_CHANGELOG_RECORD_BYTES
                + " bytes or more: " + oversized + "\nall changelogs:" + sizes);

        // (a) the committed alerts and dead letters are the oracle's.
        long oracleStart = System.nanoTime();
        ReliabilityOracle.Outcome expected = oracle(scenario);
        System.out.printf("BusyDistrictIT: oracle (%s) %d alert keys, %d alert messages, dead letters %s (%d ms)%n",
                ORACLE, expected.alertsByKey().size(), expected.alertMessages(), expected.reportDeadLetters(),
                (System.nanoTime() - oracleStart) / 1_000_000);
        assertEquals(scenario.reportDeadLetters(), expected.reportDeadLetters(),
                "the oracle's dead letters differ from the generator's prediction");
        ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
        verifier.awaitNoOpenTransactions(Duration.ofSeconds(60));
        ReliabilityVerifier.assertSameOutcome(expected, verifier.read(TOPICS, Duration.ofSeconds(60)));
        assertTrue(processor.isAlive(), errorLines(processor.log()));
    }

    // ------------------------------------------------------------------------------------------------ rig

    /**
     * The oracle's outcome for the scenario. {@code whole}: {@link ReliabilityOracle#expected} over everything, one
     * thread. {@code split}: the same over each partition's reports (with all the reference data) on parallel
     * threads, merged: the generator makes partitions independent (each rule group, and so each alert key, belongs to
     * one partition), so the merge equals the whole run (compared at 12,000 reports of this shape and of the plain
     * reliability shape), in about half the time on two cores.
     */
    static ReliabilityOracle.Outcome oracle(Scenario scenario) throws Exception {
        if (ORACLE.equals("whole")) {
            return ReliabilityOracle.expected(scenario, CONFIG);
        }
        List<Callable<ReliabilityOracle.Outcome>> runs = new ArrayList<>();
        for (int p = 0; p < scenario.partitions(); p++) {
            int partition = p;
            Scenario part = new Scenario(scenario.seed(), scenario.partitions(), scenario.reference(),
                    scenario.reports().stream().filter(s -> s.partition() != null && s.partition() == partition)
                            .toList(), Map.of(), Map.of(), 0, 0, 0, 0, 0, scenario.busiest());
            runs.add(() -> ReliabilityOracle.expected(part, CONFIG));
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(runs.size(), Runtime.getRuntime().availableProcessors())));
        try {
            Map<String, List<Alert>> alerts = new LinkedHashMap<>();
            Map<String, Integer> reportDeadLetters = new TreeMap<>();
            Map<String, Integer> referenceDeadLetters = null;
            // Runs still going after WAIT are cancelled, and their get() fails.
            for (Future<ReliabilityOracle.Outcome> f : pool.invokeAll(runs, WAIT.toSeconds(),
                    TimeUnit.SECONDS)) {
                ReliabilityOracle.Outcome o = f.get();
                o.alertsByKey().forEach((key, messages) -> {
                    if (alerts.put(key, messages) != null) {
                        throw new AssertionError("alert key " + key + " comes from two partitions: the scenario's "
                                + "partitions are not independent, use -Dfrontierwatch.busy.oracle=whole");
                    }
                });
                o.reportDeadLetters().forEach((reason, n) -> reportDeadLetters.merge(reason, n, Integer::sum));
                referenceDeadLetters = referenceDeadLetters == null ? o.referenceDeadLetters() : referenceDeadLetters;
            }
            return new ReliabilityOracle.Outcome(alerts, reportDeadLetters,
                    referenceDeadLetters == null ? Map.of() : referenceDeadLetters);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until every report is acknowledged and the application has committed its input and repartition topics
     * to their ends; returns null then, or, as soon as it shows, what went wrong instead: a stream thread replaced,
     * Kafka Streams in ERROR, the process gone, or the deadline passed.
     */
    private String awaitCaughtUpOrTrouble(String bootstrap, String app, PacedProducer producer) throws Exception {
        Duration timeout = PRODUCE_OVER.plus(WAIT);
        AtomicReference<String> behind = new AtomicReference<>("not checked yet");
        AtomicReference<String> trouble = new AtomicReference<>();
        try (Admin admin = admin(bootstrap)) {
            boolean settled = Await.holdsWithin(() -> {
                if (processor.log().contains(REPLACED)) {
                    trouble.set("a stream thread was replaced");
                } else if (processor.enteredError()) {
                    trouble.set("Kafka Streams entered ERROR");
                } else if (!processor.isAlive()) {
                    trouble.set("the processor exited");
                } else if (producer.sending()) {
                    behind.set("still sending (" + producer.acknowledged() + " acknowledged)");
                    return false;
                } else {
                    List<String> topics = new ArrayList<>(List.of(TOPICS.incidentReports()));
                    topics.addAll(internalTopics(admin, app, "-repartition"));
                    behind.set(behind(admin, app, topics));
                    return behind.get().isEmpty();
                }
                return true;
            }, timeout, Duration.ofMillis(250));
            if (settled) {
                return trouble.get();
            }
        }
        return "not caught up within " + timeout + ":" + behind.get();
    }

    /** Partitions of {@code topics} whose committed offset is below the end offset, described; empty when none. */
    private static String behind(Admin admin, String app, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topics).entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            long at = c == null ? 0 : c.offset();
            if (at < end.getValue()) {
                b.append(' ').append(end.getKey()).append(" committed ").append(at).append(" < end ")
                        .append(end.getValue());
            }
        }
        return b.toString();
    }

    /** Internal topics of the application with the given suffix, discovered (store names are not fixed here). */
    private static List<String> internalTopics(Admin admin, String app, String suffix) throws Exception {
        return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS)).stream()
                .filter(t -> t.startsWith(app + "-") && t.endsWith(suffix)).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, d) -> d.partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** The size of a changelog topic's largest record and where it is. */
    record ChangelogSize(String topic, long records, int largestBytes, String largestAt) {
        @Override
        public String toString() {
            return String.format("%s: %,d records, largest %,d B (%s)", topic, records, largestBytes, largestAt);
        }
    }

    /**
     * Reads every changelog topic of the application ({@code <app>-...-changelog}) from the beginning to its end
     * (read_committed: aborted writes of a crashed transaction do not count) and keeps each one's largest key + value.
     */
    private static Map<String, ChangelogSize> largestChangelogRecords(String bootstrap, String app) throws Exception {
        List<String> changelogs;
        try (Admin admin = admin(bootstrap)) {
            changelogs = internalTopics(admin, app, "-changelog");
        }
        Map<String, ChangelogSize> out = new TreeMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : changelogs) {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                // With read_committed these are the last stable offsets: nothing past an open transaction.
                Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
                LargestRecord seen = new LargestRecord();
                Await.until(() -> {
                    if (parts.stream().allMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) >= end.get(tp))) {
                        return true;
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                    return false;
                }, WAIT, Await.NO_PAUSE, () -> "reading " + topic + " to its end");
                out.put(topic, new ChangelogSize(topic, seen.records, Math.max(seen.largest, 0), seen.at));
            }
        }
        return out;
    }

    /** Counts a changelog's records and remembers its largest (key + value) and where it is. */
    private static final class LargestRecord {
        private long records;
        private int largest = -1;
        private String at = "-";

        void add(ConsumerRecord<byte[], byte[]> r) {
            records++;
            int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            if (size > largest) {
                largest = size;
                at = "partition " + r.partition() + " offset " + r.offset() + ", key " + printable(r.key());
            }
        }
    }

    /** A key as text with anything unprintable as '?', cut to 100 characters (store keys may be binary). */
    private static String printable(byte[] key) {
        if (key == null) {
            return "null";
        }
        String text = new String(key, StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private static String describe(Map<String, ChangelogSize> changelogs) {
        return changelogs.isEmpty() ? " none found" : changelogs.values().stream().map(c -> "\n  " + c)
                .collect(Collectors.joining());
    }

    /** The log lines worth reading in a failure message (errors, exceptions), at most 30 of them. */
    private static String errorLines(String log) {
        List<String> lines = log.lines().filter(l -> l.contains("ERROR") || l.contains("Exception")
                || l.contains(REPLACED)).limit(30).toList();
        return lines.isEmpty() ? "(no error lines; whole log in target/reliability-logs/BusyDistrictIT)"
                : String.join("\n", lines);
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }
}
