package org.frontierwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three Kafka KRaft nodes (each broker and controller, a three-voter quorum), each Kafka's own server
 * ({@code kafka.Kafka}) in a JVM of its own, so that a test can kill one with SIGKILL and start it again on its ports
 * and data. Replicated as a production cluster is: the offsets and transaction logs with three replicas, two in sync;
 * the broker default for other topics is one replica, so that only what the application asks for is replicated.
 */
public final class KafkaCluster implements AutoCloseable {

    /** Kafka logs a started server's "Kafka Server started"; readiness is checked through the cluster metadata. */
    private static final Duration READY = Duration.ofSeconds(120);

    private final List<Path> configs = new ArrayList<>();
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final Map<Integer, JarProcess> running = new HashMap<>();

    private KafkaCluster() {
    }

    /** Formats three nodes' storage under {@code dir} with one cluster id, starts them and waits for all three. */
    public static KafkaCluster start(Path dir) throws Exception {
        KafkaCluster c = new KafkaCluster();
        List<Integer> controllerPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
        String voters = "1@127.0.0.1:" + controllerPorts.get(0) + ",2@127.0.0.1:" + controllerPorts.get(1)
                + ",3@127.0.0.1:" + controllerPorts.get(2);
        String clusterId = Uuid.randomUuid().toString();
        for (int node = 1; node <= 3; node++) {
            int port = FreePorts.next();
            c.brokerPorts.add(port);
            Path config = c.writeConfig(dir.resolve("node-" + node), node, port, controllerPorts.get(node - 1),
                    voters);
            format(config, clusterId);
            c.configs.add(config);
        }
        try {
            for (int node = 1; node <= 3; node++) {
                c.launch(node);
            }
            c.awaitNodes(Set.of(1, 2, 3));
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private Path writeConfig(Path nodeDir, int node, int port, int controllerPort, String voters)
            throws IOException {
        Files.createDirectories(nodeDir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", voters);
        p.put("log.dirs", nodeDir.resolve("data").toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        Path config = nodeDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "a node of the test cluster");
        }
        return config;
    }

    private static void format(Path config, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // No --standalone: the voters are static.
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("cannot format " + config + ": " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private void launch(int node) throws IOException {
        running.put(node, JarProcess.startClass("kafka.Kafka", null, configs.get(node - 1).toString()));
    }

    public String bootstrapServers() {
        return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** kill -9 of one node: its partitions lose their leader until the controller moves them. */
    public void kill(int node) throws InterruptedException {
        JarProcess p = running.remove(node);
        p.kill();
        p.close();
    }

    /**
     * Stops one node as an operator's rolling upgrade does (SIGTERM: it hands its leaderships over and closes its
     * logs cleanly), waiting up to a minute for it to exit.
     */
    public void stop(int node) throws InterruptedException {
        JarProcess p = running.remove(node);
        p.terminate();
        p.exitCodeWithin(Duration.ofSeconds(60)); // kills it past that
        p.close();
    }

    /** Starts a killed node again on its ports and data and waits until the cluster sees it. */
    public void restart(int node) throws Exception {
        restart(node, Set.of(1, 2, 3));
    }

    /** As above, waiting only until {@code expected} are all in the cluster (the others still down). */
    public void restart(int node, Set<Integer> expected) throws Exception {
        launch(node);
        awaitNodes(expected);
    }

    /**
     * Waits until every partition of every topic, Kafka's internal ones included, has all its replicas in sync: what
     * an operator waits for between two steps of a rolling restart.
     */
    public void awaitFullyReplicated(Admin admin) throws Exception {
        Await.until(() -> {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(10, TimeUnit.SECONDS);
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                    .values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() < p.replicas().size()) {
                        return false;
                    }
                }
            }
            return true;
        }, READY, () -> "every replica in sync");
    }

    /** The node leading the most partitions of {@code topics}. */
    public int leaderOfMost(Admin admin, Set<String> topics) throws Exception {
        Map<Integer, Integer> led = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null) {
                    led.merge(p.leader().id(), 1, Integer::sum);
                }
            }
        }
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private void awaitNodes(Set<Integer> nodes) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "10000");
        try (Admin admin = Admin.create(p)) {
            Await.until(() -> {
                try {
                    Set<Integer> ids = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .map(Node::id).collect(Collectors.toSet());
                    return ids.containsAll(nodes);
                } catch (Exception e) {
                    return false;
                }
            }, READY, () -> "nodes " + nodes + " in the cluster metadata; logs: " + logs());
        }
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        running.forEach((node, p) -> b.append("\nnode ").append(node).append(" alive=").append(p.isAlive())
                .append(": ").append(tail(p.stdout())).append(tail(p.stderr())));
        return b.toString();
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }

    @Override
    public void close() {
        running.values().forEach(JarProcess::close);
        running.clear();
    }
}
