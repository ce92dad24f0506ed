package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real processor (KafkaStreams, exactly-once) on a real KRaft broker: the seed scenario end to end, re-sent
 * reports, and restarts on the same state. Each test uses its own topics and application id on one broker.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class ProcessorIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();
    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    /** Settings for a processor with its own topics and application id, all named after {@code prefix}. */
    static ProcessorRunner.Settings settings(String bootstrap, Path dir, String prefix) {
        return settings(bootstrap, dir, prefix, 1, Map.of());
    }

    /**
     * As above, with {@code partitions} for the topics it creates and extra properties ({@code frontier.*} ones too).
     */
    static ProcessorRunner.Settings settings(String bootstrap, Path dir, String prefix, int partitions,
                                             Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("application.id", prefix + "-app");
        p.setProperty("commit.interval.ms", "100");
        for (String t : List.of("incident-reports", "sites", "nationalities", "districts", "alerts", "alerts-cap")) {
            p.setProperty("frontier.topic." + t, prefix + "-" + t);
        }
        p.setProperty("frontier.topic.dead-letter", prefix + "-dlq");
        p.setProperty("frontier.topic.acknowledgements", prefix + "-acks");
        p.putAll(extra);
        AppConfig config = AppConfig.fromProperties("test", p, Fixtures.RULES);
        return new ProcessorRunner.Settings(config, bootstrap, "127.0.0.1", 0, dir.resolve(prefix),
                dir.resolve(prefix).resolve("state"), Fixtures.REFERENCE, partitions, Duration.ofSeconds(30),
                "127.0.0.1", 0, Fixtures.RULES);
    }

    static ProcessorRunner startRunning(ProcessorRunner.Settings s) throws InterruptedException {
        ProcessorRunner runner = ProcessorRunner.start(s);
        assertTrue(runner.awaitRunning(WAIT), "processor did not reach RUNNING: " + runner.state());
        return runner;
    }

    static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ALERTS.deserializer().deserialize("", r.value()))
                .map(a -> a.msgType() + " " + a.key()).toList();
    }

    static String marker(String id) {
        return Fixtures.with(Fixtures.report(id, "2025-12-04T00:00:00Z"),
                Map.of("fatalities", 1, "victim_nationalities", List.of("IN"))).toString();
    }

    @Test
    void shouldTurnTheSeedScenarioIntoTheExpectedAlertsOnARealBroker() throws Exception {
        ProcessorRunner.Settings s = settings(broker.bootstrapServers(), tmp, "seed");
        String reports = s.config().topics().incidentReports();
        try (ProcessorRunner runner = startRunning(s);
             KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().alerts());
             KafkaClients.Reader cap = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().alertsCap())) {
            KafkaClients.send(broker.bootstrapServers(), reports, Fixtures.seedReports(), "id");
            List<ConsumerRecord<byte[], byte[]>> read = alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(),
                    WAIT);
            assertEquals(Fixtures.SEED_ALERTS, keys(read));
            for (ConsumerRecord<byte[], byte[]> r : read) {
                assertEquals(ALERTS.deserializer().deserialize("", r.value()).key(), new String(r.key()));
            }
            List<ConsumerRecord<byte[], byte[]>> docs = cap.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(),
                    WAIT);
            assertEquals(Fixtures.SEED_ALERTS.size(), docs.size());
            docs.forEach(d -> CapSchema.assertValid(KafkaClients.value(d)));

            KafkaClients.send(broker.bootstrapServers(), reports, Fixtures.seedReports(), "id");
            // A marker report after the re-sent ones: once its alert is committed, everything before it was processed.
            KafkaClients.send(broker.bootstrapServers(), reports, List.of(marker("marker-1")), "id");
            assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-12-04"),
                    keys(alerts.readUntil(r -> !r.isEmpty(), WAIT)),
                    "re-sent reports produce nothing; only the marker alerts");
        }
    }

    /**
     * The seed story, then an attack in Khwahan, across the Panj from Shamsiddin Shohin: the shipped
     * district-fatalities rule counts it in Shamsiddin Shohin's neighbour window (the sample gazetteer lists Khwahan
     * as its neighbour), so the open Evacuate advisory there is updated with the new toll.
     */
    @Test
    void shouldCountAnAttackFromAcrossTheRiverInTheFacingDistrictOnARealBroker() throws Exception {
        ProcessorRunner.Settings s = settings(broker.bootstrapServers(), tmp, "river");
        String reports = s.config().topics().incidentReports();
        try (ProcessorRunner runner = startRunning(s);
             KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().alerts())) {
            KafkaClients.send(broker.bootstrapServers(), reports, Fixtures.seedReports(), "id");
            assertEquals(Fixtures.SEED_ALERTS, keys(alerts.readUntil(r -> r.size() >= Fixtures.SEED_ALERTS.size(),
                    WAIT)));
            String khwahan = Fixtures.with(Fixtures.report("AFG-2025-0101", "2025-12-04T09:00:00Z"),
                    Map.of("event_type", "Battles", "sub_event_type", "Armed clash", "country", "AF",
                            "admin1", "Badakhshan", "admin2", "Khwahan", "fatalities", 4,
                            "victim_nationalities", List.of("AF"), "sources", List.of("Asia-Plus", "Tolo News")))
                    .toString();
            KafkaClients.send(broker.bootstrapServers(), reports, List.of(khwahan), "id");
            List<ConsumerRecord<byte[], byte[]>> more = alerts.readUntil(r -> r.size() >= 2, WAIT);
            assertEquals(Set.of("Update district-fatalities/tj-shamsiddin-shohin/2025-11-26",
                    "Alert district-fatalities/af-khwahan/2025-12-04"), Set.copyOf(keys(more)));
            Alert shohin = more.stream().map(r -> ALERTS.deserializer().deserialize("", r.value()))
                    .filter(a -> a.key().contains("shamsiddin")).findFirst().orElseThrow();
            assertEquals(12, shohin.content().fatalities(), "8 in the story, 4 across the river");
            assertEquals("tj-shamsiddin-shohin", shohin.content().districtId());
            assertEquals("12 killed in Shamsiddin Shohin and neighbouring Khwahan within 30 days",
                    shohin.content().headline());
            assertEquals(2, shohin.content().sources(), "two independent sources for the Khwahan attack");
        }
    }

    @Test
    void shouldResumeAfterRestartWithoutRepeatingAlertsAndProcessWhatArrivedWhileDown() throws Exception {
        ProcessorRunner.Settings s = settings(broker.bootstrapServers(), tmp, "restart");
        List<String> seed = Fixtures.seedReports();
        String reports = s.config().topics().incidentReports();
        ProcessorRunner first = startRunning(s);
        try (KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                s.config().topics().alerts())) {
            try (ProcessorRunner runner = first) {
                KafkaClients.send(broker.bootstrapServers(), reports, seed.subList(0, 2), "id");
                assertEquals(Fixtures.SEED_ALERTS.subList(0, 4), keys(alerts.readUntil(r -> r.size() >= 4, WAIT)));
            }
            // Down: the clash and the cache are reported while the processor is stopped.
            KafkaClients.send(broker.bootstrapServers(), reports, seed.subList(2, 4), "id");
            try (ProcessorRunner runner = startRunning(s)) {
                KafkaClients.send(broker.bootstrapServers(), reports, seed.subList(0, 2), "id");
                KafkaClients.send(broker.bootstrapServers(), reports, List.of(marker("marker-2")), "id");
                List<String> expected = new ArrayList<>(Fixtures.SEED_ALERTS.subList(4, 7));
                expected.add("Alert foreign-workers-killed/tj-panj/2025-12-04");
                assertEquals(expected, keys(alerts.readUntil(r -> r.size() >= 4, WAIT)),
                        "the reports sent while down are processed; the re-sent ones change nothing");
            }
        }
    }

    @Test
    void shouldDeadLetterBadReportsOnTheRealBroker() throws Exception {
        ProcessorRunner.Settings s = settings(broker.bootstrapServers(), tmp, "dlq");
        try (ProcessorRunner runner = startRunning(s);
             KafkaClients.Reader dlq = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().deadLetter())) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                    List.of("{\"id\":\"x\",\"occurred_at\":\"2100-01-01T00:00:00Z\",\"event_type\":\"Battles\","
                            + "\"country\":\"TJ\",\"admin2\":\"Panj\"}"), "id");
            List<ConsumerRecord<byte[], byte[]>> dead = dlq.readUntil(r -> !r.isEmpty(), WAIT);
            assertEquals(1, dead.size());
            assertEquals("future_timestamp", new String(dead.get(0).headers().lastHeader("dlq.reason").value()));
        }
    }
}
