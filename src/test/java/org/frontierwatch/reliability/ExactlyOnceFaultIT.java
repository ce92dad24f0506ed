package org.frontierwatch.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.BrokerProcess;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InputAudit;
import org.frontierwatch.testing.PacedProducer;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ReliabilityOracle;
import org.frontierwatch.testing.ReliabilityOracle.Outcome;
import org.frontierwatch.testing.ReliabilityVerifier;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.ScenarioGenerator.Sent;
import org.frontierwatch.topology.Names;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under faults, against real brokers and the processor as a child JVM: a generated stream of reports
 * (duplicates, revisions, retractions, late and poison records) is sent while the processor is killed, stopped,
 * scaled out, loses its state, or its broker is killed; the committed alerts and dead letters must equal what the
 * oracle computed offline, the input must be committed to its end and no transaction may stay open. Sizes:
 * {@code -Dfrontierwatch.reliability.reports=N} (default 3000), {@code -Dfrontierwatch.reliability.seconds=S}
 * (how long the input is spread over, default 30), {@code -Dfrontierwatch.reliability.seed=S}.
 */
@Tag("integration")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ExactlyOnceFaultIT {

    static final int REPORTS = Integer.getInteger("frontierwatch.reliability.reports", 3000);
    static final long SEED = Long.getLong("frontierwatch.reliability.seed", 20261124L);
    static final Duration PRODUCE_OVER = Duration.ofSeconds(Long.getLong("frontierwatch.reliability.seconds", 30));
    static final int PARTITIONS = 4;
    static final Duration WAIT = Duration.ofSeconds(180);
    static final Set<String> TASK_STORES = Set.of(Names.INCIDENTS_STORE, Names.WATERMARK_STORE,
            Names.RULE_GROUP_STATE_STORE);

    static final AppConfig CONFIG = Fixtures.defaultConfig();
    static final Topics TOPICS = CONFIG.topics();
    static Scenario scenario;
    static Outcome expected;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void computeTheOracle() {
        long start = System.nanoTime();
        scenario = ScenarioGenerator.generate(SEED, REPORTS, PARTITIONS, TOPICS);
        expected = ReliabilityOracle.expected(scenario, CONFIG);
        System.out.printf("ExactlyOnceFaultIT: seed %d, %d reports -> %d alert keys, %d alert messages, "
                        + "dead letters %s + reference %s (oracle %d ms)%n", SEED, scenario.reports().size(),
                expected.alertsByKey().size(), expected.alertMessages(), expected.reportDeadLetters(),
                expected.referenceDeadLetters(), (System.nanoTime() - start) / 1_000_000);
    }

    private final List<ProcessorProcess> processors = new ArrayList<>();

    /** Keeps every processor's log under target/reliability-logs/<test>/, for whoever reads a failure. */
    @AfterEach
    void closeEverything(TestInfo test) throws Exception {
        Path logs = Path.of("target", "reliability-logs", test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        for (int i = 0; i < processors.size(); i++) {
            Files.writeString(logs.resolve((i + 1) + "-" + processors.get(i).name() + ".log"), processors.get(i).log());
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void shouldMatchTheOracleWithoutFaults() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-baseline";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        ProcessorProcess processor = startProcessor(bootstrap, app, "fw-a", tmp.resolve("state-a"), Map.of());
        producer.awaitDone(WAIT);
        verify(new ReliabilityVerifier(bootstrap), app);
        assertFalse(processor.enteredError(), processor.log());
        // Without faults nothing is processed twice, so the processor's own counters account for every report.
        assertEquals(scenario.accepted(), processor.metric("frontierwatch_reports_accepted_total{kind=\"new\"}"));
        assertEquals(scenario.revisions(), processor.metric("frontierwatch_reports_accepted_total{kind=\"revision\"}"));
        assertEquals(scenario.duplicates(), processor.metric("frontierwatch_reports_duplicate_total"));
        assertEquals(scenario.retractions(), processor.metric("frontierwatch_reports_retracted_total{known=\"true\"}"));
        assertEquals(scenario.ignoredRetractions(),
                processor.metric("frontierwatch_reports_retracted_total{known=\"false\"}"));
        assertEquals(scenario.reports().size(), processor.metric("frontierwatch_reports_received_total"));
        assertEquals(scenario.reportDeadLetterTotal(), sumOf(processor, "frontierwatch_reports_dead_lettered_total",
                scenario.reportDeadLetters().keySet()));
    }

    private static double sumOf(ProcessorProcess p, String counter, Set<String> reasons) throws Exception {
        double sum = 0;
        for (String reason : reasons) {
            sum += p.metric(counter + "{reason=\"" + reason + "\"}");
        }
        return sum;
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheProcessorIsKilledThreeTimes() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-kill";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        Path state = tmp.resolve("state-a");
        ProcessorStart start = () -> startProcessor(bootstrap, app, "fw-a", state, Map.of());
        killAndRestartThreeTimes(app, producer, new ReliabilityVerifier(bootstrap), new Random(SEED), start, "");
    }

    /**
     * Issue #11: what an operator who sets no recovery setting at all gets from a kill -9 and an immediate restart.
     * The restart must rejoin as the static member its state directory names (so it takes its partitions back without
     * waiting for the broker to expire the dead one) and process again well inside Kafka's stock 45 s session timeout.
     * The bound is loose on purpose: recoveries took 7-13 s here on a busy machine, about half of it the new JVM
     * starting; the times themselves are reported, and measured in the recovery benchmark.
     */
    @Test
    void shouldRejoinAsTheSameStaticMemberAndProcessAgainWithinTwentySecondsOfEachKillWithDefaultSettings()
            throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-defaults";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        Path state = tmp.resolve("state-a");
        List<Set<String>> membersAfterEachStart = new ArrayList<>();
        ProcessorStart start = () -> {
            ProcessorProcess p = startWithDefaults(bootstrap, app, "fw-defaults-a", state);
            membersAfterEachStart.add(staticMembers(bootstrap, app));
            return p;
        };
        List<Long> recoveries = killAndRestartThreeTimes(app, producer, new ReliabilityVerifier(bootstrap),
                new Random(SEED + 1), start, "defaults, ");
        String instanceId = Files.readString(state.resolve("frontier-watch.instance-id"), StandardCharsets.UTF_8)
                .strip();
        assertEquals(4, membersAfterEachStart.size());
        for (Set<String> members : membersAfterEachStart) {
            // Kafka Streams suffixes the id with its stream thread's number.
            assertTrue(members.size() == 1 && members.iterator().next().startsWith(instanceId + "-"),
                    "after each start the group is one static member named after " + instanceId + ": "
                            + membersAfterEachStart);
        }
        assertTrue(recoveries.stream().allMatch(ms -> ms <= 20_000),
                "with default settings every restart processes again within 20 s of the kill: " + recoveries);
    }

    /** The group.instance.id of each member of the application's consumer group ("dynamic" for a member without). */
    private static Set<String> staticMembers(String bootstrap, String app) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                    .get(60, TimeUnit.SECONDS);
            Set<String> ids = new TreeSet<>();
            for (MemberDescription member : group.members()) {
                ids.add(member.groupInstanceId().orElse("dynamic"));
            }
            return ids;
        }
    }

    /** Starts (or restarts) the processor under test. */
    private interface ProcessorStart {
        ProcessorProcess start() throws Exception;
    }

    /**
     * Kills the processor at three random points of the input and restarts it at once; then requires the oracle's
     * outcome and no ERROR. Returns the time from each kill to committed progress by the new process.
     */
    private List<Long> killAndRestartThreeTimes(String app, PacedProducer producer, ReliabilityVerifier verifier,
                                                Random random, ProcessorStart start, String label) throws Exception {
        ProcessorProcess processor = start.start();
        List<Long> recoveries = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            int at = kill * REPORTS / 4 + random.nextInt(REPORTS / 10);
            await(() -> producer.acknowledged() >= at, "producer reaching record " + at);
            long killedAt = System.nanoTime();
            processor.kill();
            // Read after the kill: the dead process commits nothing more, so moving past this is the new one's work.
            long baseline = verifier.committed(app, TOPICS.incidentReports());
            processor = start.start();
            long recoveryMs = awaitProgress(verifier, app, baseline, killedAt);
            recoveries.add(recoveryMs);
            System.out.printf("ExactlyOnceFaultIT: %skill -9 #%d at record %d: processing again after %d ms%n", label,
                    kill, at, recoveryMs);
        }
        producer.awaitDone(WAIT);
        verify(verifier, app);
        assertFalse(processor.enteredError(), processor.log());
        return recoveries;
    }

    /**
     * Issue #11: two instances with default settings; the survivor takes all partitions over within 30 s: the 10 s
     * session timeout, then up to the broker's 10 s check for timed-out transactions (the dead member's open one must
     * be aborted first), then 10 s for the rebalance and restore. Kafka's stock 45 s session timeout cannot pass.
     */
    @Test
    void shouldHandAllPartitionsToTheSurvivorWithinThirtySecondsWithDefaultSettings() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-defaults-two";
        PacedProducer producer = prepare(bootstrap);
        ProcessorProcess a = startWithDefaults(bootstrap, app, "fw-defaults-a", tmp.resolve("state-a"));
        ProcessorProcess b = startWithDefaults(bootstrap, app, "fw-defaults-b", tmp.resolve("state-b"));
        producer.start(scenario.reports(), PRODUCE_OVER);
        ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
        await(() -> producer.acknowledged() >= REPORTS * 3 / 10, "30% of the input");
        long killedAt = System.nanoTime();
        a.kill();
        Map<TopicPartition, Long> before = verifier.committedOffsets(app, TOPICS.incidentReports());
        await(() -> allAdvanced(verifier, app, before), "every partition processed again after instance A died");
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("ExactlyOnceFaultIT: defaults, instance A killed: B processes all partitions after %d ms%n",
                takeoverMs);
        producer.awaitDone(WAIT);
        verify(verifier, app);
        assertTrue(b.isAlive(), b.log());
        assertFalse(b.enteredError(), b.log());
        assertTrue(takeoverMs <= 30_000, "the survivor took over within 30 s of the kill: " + takeoverMs + " ms");
    }

    @Test
    void shouldResumeFromItsStateAfterACleanStopAndDeadLetterReferencePoisonWhileRunning() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-clean";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        Path state = tmp.resolve("state-a");
        ProcessorProcess first = startProcessor(bootstrap, app, "fw-a", state, Map.of());
        await(() -> producer.acknowledged() >= REPORTS / 5, "a fifth of the input");
        // Poison in the reference topics while the processor runs: the global thread must carry on.
        List<Sent> poison = List.of(
                new Sent(TOPICS.sites(), null, utf8("late-poison-site"), utf8("{\"site_id\":")),
                new Sent(TOPICS.districts(), null, utf8("late-poison-district"),
                        utf8("{\"district_id\":\"x\",\"country\":\"TJ\",\"name\":\"X\"}")),
                new Sent(TOPICS.nationalities(), null, utf8("QQ"), utf8("\u0000\u0001 not json")));
        try (PacedProducer reference = new PacedProducer(bootstrap)) {
            reference.sendAll(poison);
        }
        await(() -> producer.acknowledged() >= REPORTS / 2, "half of the input");
        first.stop(Duration.ofSeconds(60));
        ProcessorProcess second = startProcessor(bootstrap, app, "fw-a", state, Map.of());
        producer.awaitDone(WAIT);
        ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
        Map<String, Integer> referenceDeadLetters = new HashMap<>(expected.referenceDeadLetters());
        referenceDeadLetters.merge(TOPICS.sites() + ":invalid_json", 1, Integer::sum);
        referenceDeadLetters.merge(TOPICS.districts() + ":invalid_value", 1, Integer::sum);
        referenceDeadLetters.merge(TOPICS.nationalities() + ":invalid_json", 1, Integer::sum);
        verify(verifier, app, new Outcome(expected.alertsByKey(), expected.reportDeadLetters(), referenceDeadLetters));
        assertTrue(first.log().contains("Rejected sites record key=late-poison-site"), first.log());
        assertEquals(0, second.restoredRecords(TASK_STORES),
                "after a clean stop the state is resumed from its checkpoint, not rebuilt:\n" + second.log());
        assertFalse(first.enteredError() || second.enteredError());
    }

    @Test
    void shouldRebuildTheSameResultFromChangelogsWhenTheStateDirectoryIsLost() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-lost-state";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        Path state = tmp.resolve("state-a");
        ProcessorProcess first = startProcessor(bootstrap, app, "fw-a", state, Map.of());
        await(() -> producer.acknowledged() >= REPORTS / 2, "half of the input");
        first.stop(Duration.ofSeconds(60));
        deleteRecursively(state);
        ProcessorProcess second = startProcessor(bootstrap, app, "fw-a", state, Map.of());
        producer.awaitDone(WAIT);
        verify(new ReliabilityVerifier(bootstrap), app);
        long restored = second.restoredRecords(TASK_STORES);
        System.out.printf("ExactlyOnceFaultIT: state directory lost: %d records restored from changelogs%n", restored);
        assertTrue(restored > 0, "the stores were restored from their changelogs:\n" + second.log());
    }

    @Test
    void shouldHandOverToTheSurvivingInstanceAndBackWhenOneOfTwoIsKilled() throws Exception {
        String bootstrap = inProcessBroker();
        String app = "fw-two";
        PacedProducer producer = prepare(bootstrap);
        Map<String, String> standby = Map.of("FW_KAFKA_NUM_STANDBY_REPLICAS", "1");
        Path stateA = tmp.resolve("state-a");
        ProcessorProcess a = startProcessor(bootstrap, app, "fw-a", stateA, standby);
        ProcessorProcess b = startProcessor(bootstrap, app, "fw-b", tmp.resolve("state-b"), standby);
        producer.start(scenario.reports(), PRODUCE_OVER);
        ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
        await(() -> producer.acknowledged() >= REPORTS * 3 / 10, "30% of the input");
        Map<TopicPartition, Long> before = verifier.committedOffsets(app, TOPICS.incidentReports());
        long killedAt = System.nanoTime();
        a.kill();
        // Every partition gets new input all the time, so each one moving again means all of A's work was taken over.
        await(() -> allAdvanced(verifier, app, before), "every partition processed again after instance A died");
        System.out.printf("ExactlyOnceFaultIT: instance A killed: B processes all partitions after %d ms%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        // B held standbys of A's tasks: it promotes them, and says how far behind their changelogs they were.
        await(() -> b.log().contains("reason=PROMOTED"), "B logging the standbys it promoted");
        b.log().lines().filter(l -> l.contains("reason=PROMOTED")).forEach(System.out::println);
        await(() -> producer.acknowledged() >= REPORTS * 6 / 10, "60% of the input");
        a = startProcessor(bootstrap, app, "fw-a", stateA, standby);
        producer.awaitDone(WAIT);
        verify(verifier, app);
        assertTrue(b.isAlive() && a.isAlive());
        assertFalse(a.enteredError() || b.enteredError(), b.log());
    }

    @Test
    void shouldRecoverByItselfWhenItsBrokerIsKilledAndRestartedRepeatedly() throws Exception {
        BrokerProcess broker = BrokerProcess.start(tmp.resolve("broker"));
        open.add(broker);
        String bootstrap = broker.bootstrapServers();
        String app = "fw-bounce";
        PacedProducer producer = prepare(bootstrap);
        producer.start(scenario.reports(), PRODUCE_OVER);
        ProcessorProcess processor = startProcessor(bootstrap, app, "fw-a", tmp.resolve("state-a"), Map.of());
        ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
        for (int bounce = 1; bounce <= 3; bounce++) {
            int at = bounce * REPORTS / 4;
            await(() -> producer.acknowledged() >= at, "producer reaching record " + at);
            long baseline = verifier.committed(app, TOPICS.incidentReports());
            long killedAt = System.nanoTime();
            broker.kill();
            TimeUnit.SECONDS.sleep(2); // the outage itself, not synchronisation: the broker stays away 2 s
            broker.restart();
            long recoveryMs = awaitProgress(verifier, app, baseline, killedAt);
            System.out.printf("ExactlyOnceFaultIT: broker kill -9 #%d at record %d: processing again %d ms after "
                    + "the kill%n", bounce, at, recoveryMs);
        }
        producer.awaitDone(WAIT);
        verify(verifier, app);
        assertTrue(processor.isAlive(), processor.log());
        assertFalse(processor.enteredError(), "Kafka Streams went to ERROR:\n" + processor.log());
    }

    // ------------------------------------------------------------------------------------------------ rig

    private String inProcessBroker() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("broker"), "127.0.0.1", 0);
        open.add(broker);
        return broker.bootstrapServers();
    }

    /** Creates the topics (reports with one partition per generated cluster) and loads the reference data. */
    private PacedProducer prepare(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicSetup.createMissing(admin, TOPICS, PARTITIONS, Duration.ofSeconds(60));
        }
        PacedProducer producer = new PacedProducer(bootstrap);
        open.add(producer);
        producer.sendAll(scenario.reference());
        return producer;
    }

    private ProcessorProcess startProcessor(String bootstrap, String app, String instance, Path state,
                                            Map<String, String> env) throws Exception {
        ProcessorProcess p = ProcessorProcess.start(bootstrap, app, instance, state, PARTITIONS, env);
        open.add(p);
        processors.add(p);
        p.awaitRunning(WAIT);
        return p;
    }

    private ProcessorProcess startWithDefaults(String bootstrap, String app, String name, Path state) throws Exception {
        ProcessorProcess p = ProcessorProcess.startWithDefaults(bootstrap, app, name, state, PARTITIONS, Map.of());
        open.add(p);
        processors.add(p);
        p.awaitRunning(WAIT);
        return p;
    }

    private void verify(ReliabilityVerifier verifier, String app) throws Exception {
        verify(verifier, app, expected);
    }

    private void verify(ReliabilityVerifier verifier, String app, Outcome want) throws Exception {
        verifier.awaitCaughtUp(app, WAIT, TOPICS.incidentReports(), app + "-" + Names.RULE_GROUPS_REPARTITION
                + "-repartition");
        verifier.awaitNoOpenTransactions(Duration.ofSeconds(90));
        ReliabilityVerifier.assertSameOutcome(want, verifier.read(TOPICS, Duration.ofSeconds(60)),
                () -> InputAudit.explain(verifier, app, CONFIG, scenario.reports(), Duration.ofSeconds(60)));
    }

    private static long awaitProgress(ReliabilityVerifier verifier, String app, long baseline, long since)
            throws Exception {
        await(() -> {
            try {
                return verifier.committed(app, TOPICS.incidentReports()) > baseline;
            } catch (Exception e) {
                return false;
            }
        }, "committed offsets moving past " + baseline);
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static boolean allAdvanced(ReliabilityVerifier verifier, String app, Map<TopicPartition, Long> before) {
        try {
            Map<TopicPartition, Long> now = verifier.committedOffsets(app, TOPICS.incidentReports());
            return before.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) > e.getValue());
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        Await.until(condition, WAIT, () -> "waiting for " + what);
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(dir));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
