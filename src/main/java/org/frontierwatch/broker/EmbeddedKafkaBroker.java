package org.frontierwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's own KRaft broker and controller, single node, in this JVM (the server code of {@code kafka_2.13}, not a
 * fake). Its log directory is formatted on first start and reused afterwards, so topics, committed offsets and
 * transactions survive a restart on the same data directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

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
     * Starts a broker on {@code host:port} (port 0: a free port) keeping its data under {@code dataDir}; returns
     * once it answers a metadata request. Throws {@link BrokerStartException} with a one-line reason otherwise.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String host, int port) {
        int brokerPort = port == 0 ? freePort(host) : requireFree(host, port);
        int controllerPort = freePort(host);
        Path logDir = dataDir.toAbsolutePath().resolve("logs");
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
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", "10000");
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dataDir, p);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, host, brokerPort, dataDir);
            broker.awaitReady(READY_TIMEOUT);
            return broker;
        } catch (BrokerStartException e) {
            shutdownQuietly(server);
            throw e;
        } catch (Exception e) {
            shutdownQuietly(server);
            throw new BrokerStartException("cannot start the embedded Kafka broker (data in " + dataDir + "): "
                    + oneLine(e), e);
        }
    }

    private static void format(Path dataDir, Properties p) throws IOException {
        Path config = dataDir.toAbsolutePath().resolve("format.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "written by Frontier Watch to format the embedded broker's log directory");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"}, ps);
        } finally {
            Files.deleteIfExists(config);
        }
        if (rc != 0) {
            throw new BrokerStartException("cannot format the embedded Kafka broker's storage in " + dataDir + ": "
                    + out.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new BrokerStartException("the embedded Kafka broker on " + bootstrapServers() + " did not become ready within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + oneLine(last)));
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // already failing: the original error is what matters
        }
    }

    /** Fails early, before Kafka starts half a server, when the port is taken. */
    static int requireFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return port;
        } catch (IOException e) {
            throw new BrokerStartException("cannot start the embedded Kafka broker: port " + port + " on " + host
                    + " is already in use");
        }
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ");
    }
}
