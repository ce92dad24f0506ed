package org.frontierwatch.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InputAudit;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.KafkaClients;
import org.frontierwatch.testing.KafkaCluster;
import org.frontierwatch.testing.PacedProducer;
import org.frontierwatch.testing.ProcessorProcess;
import org.frontierwatch.testing.ReliabilityOracle;
import org.frontierwatch.testing.ReliabilityVerifier;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.topology.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed story on a three-node KRaft cluster, as a production deployment runs it: {@code setup} and {@code run}
 * with their defaults replicate every topic, theirs and Kafka Streams' internal ones, three times with two in sync;
 * the node leading the most of those partitions is killed with SIGKILL mid-story and comes back later; every node is
 * restarted in turn; two nodes are down at once. The story's seven messages arrive exactly once each, and a marker
 * at the end shows nothing else was sent. The random scenario of {@link ExactlyOnceFaultIT} and its oracle run on the
 * cluster through the same three disturbances: the busiest node killed and back, a rolling restart under load, and
 * two nodes down a while.
 */
@Tag("integration")
@Tag("cluster")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ThreeBrokerClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String APP = "fw-cluster";
    private static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    @TempDir
    Path tmp;

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ALERTS.deserializer().deserialize("", r.value()))
                .map(a -> a.msgType() + " " + a.key()).toList();
    }

    /** {@code setup} from the jar, as an operator runs it against the cluster. */
    private static void setup(String bootstrap) throws Exception {
        try (JarProcess setup = JarProcess.start(Map.of(), null, "setup", "--bootstrap-server", bootstrap,
                "--partitions", "3")) {
            assertEquals(0, setup.waitFor(WAIT), setup.stderr());
            assertTrue(setup.stderr().contains("replication: 3 replica(s), 2 in sync"), setup.stderr());
        }
    }

    /** The story's seven messages, each once; with three partitions the order holds per alert key only. */
    private static void assertTheStoryOnce(List<ConsumerRecord<byte[], byte[]>> read) {
        assertEquals(Fixtures.SEED_ALERTS.stream().sorted().toList(), keys(read).stream().sorted().toList(),
                "the story, each message once");
        assertEquals(List.of("Alert " + FATALITIES, "Update " + FATALITIES),
                keys(read).stream().filter(k -> k.endsWith(FATALITIES)).toList(), "in order per key");
    }

    /** A report after everything else; once its alert is read, nothing but it may have come after the story. */
    private static void assertNothingMoreThanTheMarker(String bootstrap, KafkaClients.Reader alerts)
            throws Exception {
        String marker = Fixtures.with(Fixtures.report("marker-1", "2025-12-04T00:00:00Z"),
                Map.of("fatalities", 1, "victim_nationalities", List.of("IN"))).toString();
        KafkaClients.send(bootstrap, TOPICS.incidentReports(), List.of(marker), "id");
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-12-04"),
                keys(alerts.readUntil(r -> !r.isEmpty(), WAIT)), "nothing but the marker after the story");
    }

    @Test
    void shouldReplicateEveryTopicAndSendTheStoryOnceWhenTheBusiestNodeIsKilledMidStream() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(tmp.resolve("cluster"))) {
            String bootstrap = cluster.bootstrapServers();
            setup(bootstrap);
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            List<String> story = Fixtures.seedReports();
            try (ProcessorProcess processor = ProcessorProcess.start(bootstrap, APP, "fw-cluster-1",
                    tmp.resolve("state"), 3, Map.of());
                 Admin admin = Admin.create(client);
                 KafkaClients.Reader alerts = new KafkaClients.Reader(bootstrap, TOPICS.alerts())) {
                processor.awaitRunning(WAIT);
                KafkaClients.send(bootstrap, TOPICS.incidentReports(), story.subList(0, 2), "id");
                List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>(alerts.readUntil(r -> r.size() >= 4,
                        WAIT));

                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(APP + "-") || Set.copyOf(List.of(TOPICS.incidentReports(),
                                TOPICS.alerts(), TOPICS.alertsCap(), TOPICS.sites(), TOPICS.rules())).contains(t))
                        .collect(Collectors.toSet());
                assertTrue(topics.stream().anyMatch(t -> t.endsWith("-changelog")), topics.toString());
                assertTrue(topics.stream().anyMatch(t -> t.endsWith("-repartition")), topics.toString());
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                        .values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        assertEquals(3, p.replicas().size(), d.name() + " partition " + p.partition());
                    }
                }
                Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all()
                        .get(30, TimeUnit.SECONDS);
                configs.forEach((r, c) -> assertEquals("2", c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value(),
                        r.name()));

                int busiest = cluster.leaderOfMost(admin, topics);
                long killedAt = System.nanoTime();
                cluster.kill(busiest);
                KafkaClients.send(bootstrap, TOPICS.incidentReports(), story.subList(2, story.size()), "id");
                read.addAll(alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size() - 4, WAIT));
                long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                assertTheStoryOnce(read);

                cluster.restart(busiest);
                assertNothingMoreThanTheMarker(bootstrap, alerts);
                System.out.println("ThreeBrokerClusterIT: node " + busiest + " (leading the most partitions) killed; "
                        + "the rest of the story was out " + recoveredMs + " ms later");
            }
        }
    }

    /**
     * A rolling restart, as an upgrade does it: each node in turn is stopped (SIGTERM), one report of the story is
     * sent while it is down, and it comes back; the next waits until every replica is in sync again.
     */
    @Test
    void shouldSendTheStoryOnceWhileEveryNodeRestartsInTurn() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(tmp.resolve("cluster"))) {
            String bootstrap = cluster.bootstrapServers();
            setup(bootstrap);
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            List<String> story = Fixtures.seedReports();
            try (ProcessorProcess processor = ProcessorProcess.start(bootstrap, APP, "fw-cluster-1",
                    tmp.resolve("state"), 3, Map.of());
                 Admin admin = Admin.create(client);
                 KafkaClients.Reader alerts = new KafkaClients.Reader(bootstrap, TOPICS.alerts())) {
                processor.awaitRunning(WAIT);
                long rollStart = System.nanoTime();
                for (int node = 1; node <= 3; node++) {
                    cluster.awaitFullyReplicated(admin);
                    cluster.stop(node);
                    KafkaClients.send(bootstrap, TOPICS.incidentReports(), List.of(story.get(node - 1)), "id");
                    cluster.restart(node);
                }
                KafkaClients.send(bootstrap, TOPICS.incidentReports(), story.subList(3, story.size()), "id");
                assertTheStoryOnce(alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(), WAIT));
                long rollMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rollStart);
                assertNothingMoreThanTheMarker(bootstrap, alerts);
                System.out.println("ThreeBrokerClusterIT: rolling restart of three nodes, story complete after "
                        + rollMs + " ms");
            }
        }
    }

    /**
     * Two of three nodes killed: no controller majority and no partition with two replicas in sync, so nothing can be
     * written. The processor must wait (no message, no crash) and carry on when one node returns, losing nothing.
     */
    @Test
    void shouldWaitWhileTwoNodesAreDownAndResumeWhenOneReturns() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(tmp.resolve("cluster"))) {
            String bootstrap = cluster.bootstrapServers();
            setup(bootstrap);
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            List<String> story = Fixtures.seedReports();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try (ProcessorProcess processor = ProcessorProcess.start(bootstrap, APP, "fw-cluster-1",
                    tmp.resolve("state"), 3, Map.of());
                 Admin admin = Admin.create(client);
                 KafkaClients.Reader alerts = new KafkaClients.Reader(bootstrap, TOPICS.alerts())) {
                processor.awaitRunning(WAIT);
                KafkaClients.send(bootstrap, TOPICS.incidentReports(), story.subList(0, 2), "id");
                List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>(alerts.readUntil(r -> r.size() >= 4,
                        WAIT));
                cluster.awaitFullyReplicated(admin);

                cluster.kill(1);
                cluster.kill(2);
                // The producer waits for the cluster as any producer would (acks=all, up to its delivery timeout).
                Future<?> rest = sender.submit(() -> {
                    KafkaClients.send(bootstrap, TOPICS.incidentReports(), story.subList(2, story.size()), "id");
                    return null;
                });
                assertEquals(List.of(), alerts.readFor(Duration.ofSeconds(15)), "nothing while two nodes are down");
                assertTrue(processor.isAlive(), "the processor waits; it does not give up");

                long back = System.nanoTime();
                cluster.restart(1, Set.of(1, 3));
                rest.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                read.addAll(alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size() - 4, WAIT));
                long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
                assertTheStoryOnce(read);
                cluster.restart(2);
                assertNothingMoreThanTheMarker(bootstrap, alerts);
                System.out.println("ThreeBrokerClusterIT: two nodes down 15 s; the story complete " + resumedMs
                        + " ms after the first came back");
            } finally {
                sender.shutdownNow();
            }
        }
    }

    /**
     * {@link ExactlyOnceFaultIT}'s random scenario (3,000 reports over 30 s, revisions, retractions, duplicates, bad
     * input, four partitions) and its oracle, on the cluster: the node leading the most partitions is killed with
     * SIGKILL a third of the way through and returns at two thirds. Every alert key's messages, and every dead letter,
     * must be exactly what the oracle computed from the input alone.
     */
    @Test
    void shouldMatchTheRandomScenarioOracleWhenTheBusiestNodeIsKilledAndReturns() throws Exception {
        assertTheRandomScenarioMatchesTheOracle("fw-cluster-oracle", (cluster, admin, progress) -> {
            progress.await(1, 3);
            int busiest = cluster.leaderOfMost(admin, admin.listTopics().names().get(30, TimeUnit.SECONDS));
            cluster.kill(busiest);
            progress.await(2, 3);
            cluster.restart(busiest);
            return "node " + busiest + " killed at a third and back at two thirds";
        });
    }

    /**
     * The random scenario and its oracle through a rolling restart under load: from a quarter of the input on, each
     * node in turn is stopped (SIGTERM) once every replica is in sync, stays down while another eighth of the input
     * is acknowledged, and comes back.
     */
    @Test
    void shouldMatchTheRandomScenarioOracleWhileEveryNodeRestartsInTurn() throws Exception {
        assertTheRandomScenarioMatchesTheOracle("fw-cluster-roll", (cluster, admin, progress) -> {
            progress.await(1, 4);
            for (int node = 1; node <= 3; node++) {
                cluster.awaitFullyReplicated(admin);
                cluster.stop(node);
                progress.awaitMore(1, 8);
                cluster.restart(node);
            }
            return "every node stopped and restarted in turn under load";
        });
    }

    /**
     * The random scenario and its oracle with two of three nodes killed at a third of the input, for 15 s: no
     * controller majority and no partition with two replicas in sync. The processor must stay up through it and,
     * once one node is back, carry on to exactly the oracle's output.
     */
    @Test
    void shouldMatchTheRandomScenarioOracleWhenTwoNodesAreDownAWhile() throws Exception {
        assertTheRandomScenarioMatchesTheOracle("fw-cluster-two-down", (cluster, admin, progress) -> {
            progress.await(1, 3);
            cluster.awaitFullyReplicated(admin);
            cluster.kill(1);
            cluster.kill(2);
            progress.awaitProcessorFor(Duration.ofSeconds(15));
            cluster.restart(1, Set.of(1, 3));
            cluster.restart(2);
            return "nodes 1 and 2 down for 15 s from a third of the input";
        });
    }

    /** What a scenario does to the cluster while the random input is produced; says what it did. */
    @FunctionalInterface
    private interface Disturbance {
        String apply(KafkaCluster cluster, Admin admin, Progress progress) throws Exception;
    }

    /** How far the input has come, for a disturbance to time its steps by; and whether the processor lives. */
    private record Progress(PacedProducer producer, int total, ProcessorProcess processor) {

        void await(int numerator, int denominator) throws Exception {
            int target = total * numerator / denominator;
            Await.until(() -> producer.acknowledged() >= target, WAIT, () -> target + " reports acknowledged");
        }

        void awaitMore(int numerator, int denominator) throws Exception {
            int target = Math.min(total, producer.acknowledged() + total * numerator / denominator);
            Await.until(() -> producer.acknowledged() >= target, WAIT, () -> target + " reports acknowledged");
        }

        /** The processor stays alive for {@code period}, checked throughout (it must wait, not give up). */
        void awaitProcessorFor(Duration period) throws Exception {
            long end = System.nanoTime() + period.toNanos();
            Await.until(() -> {
                assertTrue(processor.isAlive(), "the processor waits for the cluster; it does not give up");
                return System.nanoTime() >= end;
            }, period.plusSeconds(30), () -> "the processor alive for " + period);
        }
    }

    /**
     * Runs the random scenario against the cluster under a disturbance; every alert key's messages, and every dead
     * letter, must be exactly what the oracle computed from the input alone.
     */
    private void assertTheRandomScenarioMatchesTheOracle(String app, Disturbance disturbance) throws Exception {
        ScenarioGenerator.Scenario scenario = ScenarioGenerator.generate(ExactlyOnceFaultIT.SEED,
                ExactlyOnceFaultIT.REPORTS, ExactlyOnceFaultIT.PARTITIONS, TOPICS);
        ReliabilityOracle.Outcome expected = ReliabilityOracle.expected(scenario, ExactlyOnceFaultIT.CONFIG);
        try (KafkaCluster cluster = KafkaCluster.start(tmp.resolve("cluster"))) {
            String bootstrap = cluster.bootstrapServers();
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(client);
                 PacedProducer producer = new PacedProducer(bootstrap)) {
                TopicSetup.createMissing(admin, TOPICS, ExactlyOnceFaultIT.PARTITIONS,
                        TopicSetup.replication(admin, new Properties(), WAIT), WAIT);
                producer.sendAll(scenario.reference());
                producer.start(scenario.reports(), ExactlyOnceFaultIT.PRODUCE_OVER);
                try (ProcessorProcess processor = ProcessorProcess.start(bootstrap, app, app + "-1",
                        tmp.resolve("state"), ExactlyOnceFaultIT.PARTITIONS, Map.of())) {
                    processor.awaitRunning(WAIT);
                    long start = System.nanoTime();
                    String what = disturbance.apply(cluster, admin, new Progress(producer, scenario.reports().size(),
                            processor));
                    producer.awaitDone(WAIT);
                    ReliabilityVerifier verifier = new ReliabilityVerifier(bootstrap);
                    verifier.awaitCaughtUp(app, WAIT, TOPICS.incidentReports(), app + "-"
                            + Names.RULE_GROUPS_REPARTITION + "-repartition");
                    long caughtUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    verifier.awaitNoOpenTransactions(Duration.ofSeconds(90));
                    ReliabilityVerifier.assertSameOutcome(expected, verifier.read(TOPICS, Duration.ofSeconds(60)),
                            () -> InputAudit.explain(verifier, app, ExactlyOnceFaultIT.CONFIG, scenario.reports(),
                                    Duration.ofSeconds(60)));
                    assertTrue(processor.isAlive(), processor.log());
                    System.out.println("ThreeBrokerClusterIT: random scenario, " + scenario.reports().size()
                            + " reports, " + what + ": " + expected.alertsByKey().size() + " alert keys, "
                            + expected.alertMessages() + " messages, as the oracle; caught up " + caughtUpMs
                            + " ms after the disturbance began");
                }
            }
        }
    }
}
