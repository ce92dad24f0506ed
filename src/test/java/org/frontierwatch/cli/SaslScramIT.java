package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontierwatch.broker.ScramBroker;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.FreePorts;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that requires SASL/SCRAM (SASL_PLAINTEXT, SCRAM-SHA-512): {@code setup}, {@code produce} and {@code run}
 * from the jar work with the credentials given only in the config file, or only in {@code FW_KAFKA_*} environment
 * variables; a wrong password ends each of them with one clear line and a non-zero exit, never a hang, and the
 * password never appears in the output.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SaslScramIT {

    static final Duration LIMIT = Duration.ofSeconds(120);
    static final String USER = "frontier-watch";
    static final String PASSWORD = "s3cret-Scram-pass";
    static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    @TempDir
    static Path tmp;
    static ScramBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ScramBroker.start(tmp.resolve("kafka"), USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Path configFile(String name, String appId, String password, String topicPrefix) throws Exception {
        Path file = tmp.resolve(name);
        StringBuilder b = new StringBuilder();
        b.append("bootstrap.servers=").append(broker.saslBootstrap()).append('\n');
        b.append("security.protocol=SASL_PLAINTEXT\n");
        b.append("sasl.mechanism=").append(ScramBroker.MECHANISM).append('\n');
        b.append("sasl.jaas.config=").append(ScramBroker.jaas(USER, password).replace("\\", "\\\\")).append('\n');
        b.append("application.id=").append(appId).append('\n');
        b.append("commit.interval.ms=100\n");
        for (String t : List.of("incident-reports", "sites", "nationalities", "districts", "alerts", "alerts-cap")) {
            b.append("frontier.topic.").append(t).append('=').append(topicPrefix).append(t).append('\n');
        }
        b.append("frontier.topic.dead-letter=").append(topicPrefix).append("dlq\n");
        b.append("frontier.topic.acknowledgements=").append(topicPrefix).append("acks\n");
        Files.writeString(file, b.toString());
        return file;
    }

    /** The seven seed alerts arrive on {@code alertsTopic} (read over the broker's PLAINTEXT listener). */
    private static void assertSeedAlerts(String alertsTopic) throws Exception {
        try (KafkaClients.Reader alerts = new KafkaClients.Reader(broker.plainBootstrap(), alertsTopic)) {
            List<ConsumerRecord<byte[], byte[]>> read = alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(),
                    LIMIT);
            assertEquals(Fixtures.SEED_ALERTS, read.stream().map(r -> ALERTS.deserializer().deserialize("", r.value()))
                    .map(a -> a.msgType() + " " + a.key()).toList());
        }
    }

    private static void assertNoSecret(JarProcess p) {
        assertFalse(p.stdout().contains(PASSWORD) || p.stderr().contains(PASSWORD), "the password leaked:\n"
                + p.stdout() + p.stderr());
    }

    @Test
    void shouldSetUpProduceAndAlertWithCredentialsOnlyInTheConfigFile() throws Exception {
        Path config = configFile("file.properties", "fw-sasl-file", PASSWORD, "file-");
        try (JarProcess setup = JarProcess.start(Map.of(), null, "setup", "--config", config.toString())) {
            assertEquals(0, setup.waitFor(LIMIT), setup.stderr());
            assertNoSecret(setup);
        }
        try (JarProcess run = JarProcess.start(Map.of(), null, "run", "--config", config.toString(),
                "--no-reference-load", "--state-dir", tmp.resolve("state-file").toString(), "--metrics-port",
                Integer.toString(FreePorts.next()))) {
            run.awaitOutput("-> RUNNING", LIMIT);
            try (JarProcess produce = JarProcess.start(Map.of(), null, "produce", Fixtures.SEED_SCENARIO.toString(),
                    "--topic", "file-incident-reports", "--key-field", "id", "--config", config.toString())) {
                assertEquals(0, produce.waitFor(LIMIT), produce.stderr());
            }
            assertSeedAlerts("file-alerts");
            assertNoSecret(run);
            run.terminate();
            assertEquals(0, run.waitFor(LIMIT), run.stderr());
        }
    }

    @Test
    void shouldAlertWithCredentialsOnlyInTheEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FW_KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrap());
        env.put("FW_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("FW_KAFKA_SASL_MECHANISM", ScramBroker.MECHANISM);
        env.put("FW_KAFKA_SASL_JAAS_CONFIG", ScramBroker.jaas(USER, PASSWORD));
        env.put("FW_KAFKA_APPLICATION_ID", "fw-sasl-env");
        env.put("FW_KAFKA_COMMIT_INTERVAL_MS", "100");
        try (JarProcess run = JarProcess.start(env, null, "run", "--state-dir", tmp.resolve("state-env").toString(),
                "--metrics-port", Integer.toString(FreePorts.next()))) {
            run.awaitOutput("-> RUNNING", LIMIT);
            try (JarProcess produce = JarProcess.start(env, null, "produce", Fixtures.SEED_SCENARIO.toString())) {
                assertEquals(0, produce.waitFor(LIMIT), produce.stderr());
            }
            assertSeedAlerts("alerts");
            assertNoSecret(run);
            run.terminate();
            assertEquals(0, run.waitFor(LIMIT), run.stderr());
        }
    }

    @Test
    void shouldExitNonZeroWithOneClearLineOnAWrongScramPassword() throws Exception {
        String wrong = "not-the-" + PASSWORD;
        Path config = configFile("wrong.properties", "fw-sasl-wrong", wrong, "wrong-");
        List<List<String>> commands = List.of(
                List.of("setup", "--config", config.toString()),
                List.of("run", "--config", config.toString(), "--state-dir", tmp.resolve("state-wrong").toString(),
                        "--metrics-port", Integer.toString(FreePorts.next())),
                List.of("produce", Fixtures.SEED_SCENARIO.toString(), "--config", config.toString()));
        for (List<String> cmd : commands) {
            long start = System.nanoTime();
            try (JarProcess p = JarProcess.start(Map.of(), null, cmd.toArray(String[]::new))) {
                int rc = p.waitFor(Duration.ofSeconds(90));
                String err = p.stderr();
                assertNotEquals(0, rc, cmd.get(0) + " must fail:\n" + err);
                assertTrue(err.lines().anyMatch(l -> l.startsWith("frontier-watch: ")
                        && l.toLowerCase(Locale.ROOT).contains("authentication")), cmd.get(0) + ":\n" + err);
                assertFalse(err.contains("\tat "), "no stack trace from " + cmd.get(0) + ":\n" + err);
                assertFalse(err.contains(wrong) || p.stdout().contains(wrong), "the password leaked:\n" + err);
                System.out.printf("SaslScramIT: %s with a wrong password failed in %d ms: %s%n", cmd.get(0),
                        (System.nanoTime() - start) / 1_000_000,
                        err.lines().filter(l -> l.startsWith("frontier-watch: ")).findFirst().orElse(""));
            }
        }
    }
}
