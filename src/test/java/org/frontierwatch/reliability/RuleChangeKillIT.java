package org.frontierwatch.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.KafkaClients;
import org.frontierwatch.testing.ProcessorProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the processor (a child JVM, exactly-once) at three points of a rule change: right after the rule was
 * published, once the processor has applied it (its log says so) but perhaps not committed it, and once the Update it
 * caused is committed. After each restart the change must have sent exactly one Update of the seed story's
 * Shamsiddin Shohin advisory: none lost, none repeated, and no CAP identifier used twice.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class RuleChangeKillIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SHOHIN = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);
    private static final Topics TOPICS = Topics.DEFAULT;

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ProcessorProcess start(String bootstrap) throws Exception {
        ProcessorProcess p = ProcessorProcess.start(bootstrap, "fw-rule-kill", "fw-rk", tmp.resolve("state"), 1,
                Map.of());
        open.add(p);
        p.awaitRunning(WAIT);
        return p;
    }

    @Test
    void shouldSendEachRuleChangesUpdateExactlyOnceWhenKilledAroundIt() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("broker"), "127.0.0.1", 0);
        open.add(broker);
        String bootstrap = broker.bootstrapServers();
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(client)) {
            TopicSetup.createMissing(admin, TOPICS, 1, WAIT);
        }
        ReferenceLoader.upsert(Fixtures.REFERENCE, TOPICS, client, WAIT);
        String shipped = RuleDocuments.ofFile(Fixtures.RULES.toString(), Files.readString(Fixtures.RULES))
                .get("district-fatalities");
        String raised = shipped.replace("\"min\":8", "\"min\":10");

        ProcessorProcess processor = start(bootstrap);
        List<Alert> all = new ArrayList<>();
        try (KafkaClients.Reader alerts = new KafkaClients.Reader(bootstrap, TOPICS.alerts())) {
            KafkaClients.send(bootstrap, TOPICS.incidentReports(), Fixtures.seedReports(), "id");
            all.addAll(read(alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(), WAIT)));

            List<String> killPoints = List.of("published", "applied", "committed");
            for (int round = 0; round < killPoints.size(); round++) {
                String value = round % 2 == 0 ? raised : shipped;
                ResponseType want = round % 2 == 0 ? ResponseType.Prepare : ResponseType.Evacuate;
                RulesTopic.publish(client, TOPICS.rules(), Map.of("district-fatalities", value), WAIT);
                String version = RuleDocuments.version(value);
                List<Alert> seen = new ArrayList<>();
                switch (killPoints.get(round)) {
                    case "applied" -> {
                        ProcessorProcess p = processor;
                        Await.until(() -> p.log().contains("Rule district-fatalities is now version " + version),
                                WAIT, () -> "the processor applying version " + version);
                    }
                    case "committed" -> seen.addAll(read(alerts.readUntil(r -> !r.isEmpty(), WAIT)));
                    default -> { }
                }
                processor.kill();
                processor = start(bootstrap);
                // A marker report after the restart: once its alert is read, the change has been applied and sent.
                String marker = "rk-marker-" + round;
                KafkaClients.send(bootstrap, TOPICS.incidentReports(), List.of(Fixtures.with(
                        Fixtures.report(marker, "2025-12-04T00:00:00Z"),
                        Map.of("fatalities", 1, "victim_nationalities", List.of("IN"))).toString()), "id");
                seen.addAll(read(alerts.readUntil(r -> read(r).stream()
                        .anyMatch(a -> a.content().incidentIds().contains(marker)), WAIT)));
                List<Alert> updates = seen.stream().filter(a -> a.key().equals(SHOHIN)).toList();
                assertEquals(1, updates.size(), "kill when " + killPoints.get(round) + ": " + keys(seen));
                assertEquals(want, updates.get(0).content().response());
                assertEquals(version, updates.get(0).content().ruleVersion());
                all.addAll(seen);
            }
            assertFalse(processor.enteredError(), processor.log());
        }
        Set<String> ids = new HashSet<>();
        for (Alert a : all) {
            assertEquals(true, ids.add(a.alertId()), "CAP identifier sent twice: " + a.alertId());
        }
    }

    private static List<Alert> read(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ALERTS.deserializer().deserialize("", r.value())).toList();
    }

    private static List<String> keys(List<Alert> alerts) {
        return alerts.stream().map(a -> a.msgType() + " " + a.key()).toList();
    }
}
