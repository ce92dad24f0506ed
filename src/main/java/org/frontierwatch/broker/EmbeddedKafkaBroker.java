package org.frontierwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Kafka's own KRaft broker+controller, single node, in this JVM.
 *
 * <p>This is the real server code of {@code kafka_2.13} ({@link KafkaRaftServer}), not a fake. Its log directory
 * ({@code dataDir/logs}) is formatted with a new random cluster id on first start and reused afterwards, so topics,
 * committed offsets and committed transactions survive a restart on the same data directory. The controller
 * listener gets a free port on every start: with a static {@code controller.quorum.voters} the formatted directory
 * does not record it, so a restart on a different controller port works.
 * Ports are probed by {@link ListenPorts}; the server itself is started by {@link RaftServerStarter}.
 *
 * <p>Internal Kafka API: pinned to Kafka 4.4. Note that Kafka's fatal-fault handlers halt the JVM (as a real broker
 * would), e.g. if the log directory is deleted while the broker runs: close the broker before deleting its data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Ports chosen here are free when probed but may be taken before Kafka binds them: retry that race. */
    private static final int ATTEMPTS_WITH_CHOSEN_PORTS = 3;

    private final KafkaRaftServer server;
    private final String host;
    private final int port;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String host, int port, Path dataDir) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker on {@code host:port} (port 0: a free port) keeping its data under {@code dataDir}; returns once
     * it answers an Admin describeCluster (at most {@link #READY_TIMEOUT}). Throws {@link BrokerStartException} with a
     * one-line reason otherwise, having shut down anything it started.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String host, int port) {
        if (port < 0 || port > 65535) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: port " + port
                    + " is not a TCP port (0-65535, 0 = any free port)");
        }
        InetAddress address = ListenPorts.resolve(host);
        for (int attempt = 1; ; attempt++) {
            int brokerPort = port == 0
                    ? ListenPorts.freePort(host, address)
                    : ListenPorts.requireFree(host, address, port);
            int controllerPort = ListenPorts.freePort(host, address);
            try {
                return startOnce(dataDir, host, brokerPort, controllerPort);
            } catch (BrokerStartException e) {
                // A port taken between our probe and Kafka's bind: retry with fresh ports (a named port that is taken
                // by now is then reported as in use by requireFree).
                boolean raceLost = !ListenPorts.isFree(address, brokerPort)
                        || !ListenPorts.isFree(address, controllerPort);
                if (!raceLost || attempt >= ATTEMPTS_WITH_CHOSEN_PORTS) {
                    throw e;
                }
            }
        }
    }

    static EmbeddedKafkaBroker startOnce(Path dataDir, String host, int brokerPort, int controllerPort) {
        Path logDir = dataDir.toAbsolutePath().resolve("logs");
        Properties p = config(host, brokerPort, controllerPort, logDir);
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dataDir, p);
            }
            server = RaftServerStarter.start(KafkaConfig.fromProps(p));
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, host, brokerPort, dataDir);
            broker.awaitReady(READY_TIMEOUT);
            return broker;
        } catch (BrokerStartException e) {
            RaftServerStarter.shutdownQuietly(server);
            throw e;
        } catch (Exception e) {
            RaftServerStarter.shutdownQuietly(server);
            String reason = oneLine(e);
            InetAddress address = ListenPorts.resolve(host);
            if (!ListenPorts.isFree(address, controllerPort)) {
                reason = "its controller port " + controllerPort + " on " + host + " is already in use ("
                        + reason + ")";
            } else if (!ListenPorts.isFree(address, brokerPort)) {
                reason = "port " + brokerPort + " on " + host + " is already in use (" + reason + ")";
            }
            throw new BrokerStartException("cannot start the embedded Kafka broker on " + host + ":" + brokerPort
                    + " (data in " + dataDir + "): " + reason, e);
        }
    }

    static Properties config(String host, int brokerPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica, or transactions (exactly-once) never become available.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Fewer internal partitions than the default 50: the first group/transaction is ready sooner.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path dataDir, Properties p) throws IOException {
        Path config = dataDir.toAbsolutePath().resolve("format.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "written by Frontier Watch to format the embedded broker's log directory");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // No --standalone: controller.quorum.voters is static, and the two cannot be combined.
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"}, ps);
        } finally {
            Files.deleteIfExists(config);
        }
        if (rc != 0) {
            throw new BrokerStartException("cannot format the embedded Kafka broker's storage in " + dataDir + ": "
                    + out.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " "));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    long waitMs = Math.min(5_000, leftMs);
                    if (!admin.describeCluster().nodes().get(waitMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(100, leftMs));
            }
        }
        throw new BrokerStartException("the embedded Kafka broker on " + bootstrapServers()
                + " did not become ready within " + timeout.toSeconds() + " s"
                + (last == null ? "" : ": " + oneLine(last)));
    }

    /** {@code host:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits until it has; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(Throwable e) {
        Throwable root = rootCause(e);
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ");
    }
}
