package org.frontierwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.FreePorts;

/**
 * Kafka's own KRaft broker in this JVM with two client listeners: PLAINTEXT (for the test's own setup and checks)
 * and SASL_PLAINTEXT with SCRAM-SHA-512 (for the code under test), and one SCRAM user created at start.
 */
public final class ScramBroker implements AutoCloseable {

    public static final String MECHANISM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final int plainPort;
    private final int saslPort;

    private ScramBroker(KafkaRaftServer server, int plainPort, int saslPort) {
        this.server = server;
        this.plainPort = plainPort;
        this.saslPort = saslPort;
    }

    public static ScramBroker start(Path dataDir, String user, String password) throws Exception {
        String host = "127.0.0.1";
        int plain = FreePorts.next();
        int sasl = FreePorts.next();
        int controller = FreePorts.next();
        Path logDir = dataDir.toAbsolutePath().resolve("logs");
        Files.createDirectories(logDir);
        Properties p = EmbeddedKafkaBroker.config(host, plain, controller, logDir);
        p.put("listeners", "PLAINTEXT://" + host + ":" + plain + ",SASL_PLAINTEXT://" + host + ":" + sasl
                + ",CONTROLLER://" + host + ":" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + plain + ",SASL_PLAINTEXT://" + host + ":" + sasl);
        p.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        // The broker side of SCRAM needs a JAAS login module but no credentials of its own.
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        Path config = dataDir.toAbsolutePath().resolve("format.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "SCRAM test broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"}, ps);
            if (rc != 0) {
                throw new IllegalStateException("format failed: " + out.toString(StandardCharsets.UTF_8));
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
        server.startup();
        ScramBroker broker = new ScramBroker(server, plain, sasl);
        try (Admin admin = Admin.create(broker.plainClient())) {
            admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all()
                    .get(60, TimeUnit.SECONDS);
        }
        broker.awaitScramLogin(user, password, Duration.ofSeconds(60));
        return broker;
    }

    /** The new credential reaches the listener through the metadata log: wait until a login works. */
    private void awaitScramLogin(String user, String password, Duration timeout) throws Exception {
        AtomicReference<Exception> last = new AtomicReference<>();
        boolean loggedIn = Await.holdsWithin(() -> {
            Properties p = saslClient(user, password);
            p.put("default.api.timeout.ms", "5000");
            p.put("request.timeout.ms", "5000");
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                last.set(e);
                return false;
            }
        }, timeout, Duration.ofMillis(200));
        if (!loggedIn) {
            throw new IllegalStateException("SCRAM login did not work within " + timeout, last.get());
        }
    }

    public String plainBootstrap() {
        return "127.0.0.1:" + plainPort;
    }

    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    public Properties plainClient() {
        Properties p = new Properties();
        p.put("bootstrap.servers", plainBootstrap());
        return p;
    }

    /** Client settings for the SASL listener, as an operator would write them. */
    public Properties saslClient(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", saslBootstrap());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        return p;
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
