package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.ruletest.ReportLines;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.KafkaClients;
import org.frontierwatch.testing.ReliabilityVerifier;
import org.frontierwatch.testing.ScenarioFiles;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.topology.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest} gives exactly the alert messages {@code run} gives for the same input, send times aside: the
 * real processor (Kafka Streams, exactly-once, one partition) on a real broker, and the backtest command, over the
 * same reference directory and the same report file, on the seed scenario and on a generated scenario (12,000
 * records, of which the 11,157 a JSON-lines file can carry: duplicates, revisions, retractions, late reports,
 * poison), in input order.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class BacktestEqualsRunIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final int GENERATED_REPORTS = 12_000;

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    @Test
    void shouldGiveTheMessagesRunGivesForTheSeedScenario() throws Exception {
        Path reports = Fixtures.SEED_SCENARIO;
        List<JsonNode> backtest = backtest(reports, Fixtures.REFERENCE, "event-time");
        assertEquals(Fixtures.SEED_ALERTS, backtest.stream()
                .map(a -> a.path("msg_type").asText() + " " + a.path("key").asText()).toList());
        List<JsonNode> run = run("seed", reports, Fixtures.REFERENCE, backtest.size());
        assertSameMessages(backtest, run);
    }

    @Test
    void shouldGiveTheMessagesRunGivesForAGeneratedScenarioOfTwelveThousandReports() throws Exception {
        ScenarioGenerator.Scenario scenario = ScenarioGenerator.generate(1414L, GENERATED_REPORTS, 1, Topics.DEFAULT);
        Path reference = tmp.resolve("generated-reference");
        ScenarioFiles.writeReference(scenario, reference);
        Path reports = tmp.resolve("generated.jsonl");
        int written = ScenarioFiles.writeReports(scenario, reports);
        assertTrue(written >= 10_000, "at least 10,000 reports in the file: " + written);

        List<JsonNode> backtest = backtest(reports, reference, "input");
        assertTrue(backtest.size() > 1_000, "the scenario raises many messages: " + backtest.size());
        List<JsonNode> run = run("generated", reports, reference, backtest.size());
        assertSameMessages(backtest, run);
    }

    /**
     * The backtest command's JSON output, one alert per line. {@code --quiet-after PT0S}: the run is read as soon
     * as it has caught up, long before its input has been quiet for an update interval, so neither has sent the
     * changes it holds (the only difference docs/rules.md names between a backtest and a live run).
     */
    private static List<JsonNode> backtest(Path reports, Path reference, String order) throws IOException {
        CliRun r = CliRun.of("backtest", "--output", "json", "--order", order, "--rules", Fixtures.RULES.toString(),
                "--reference-dir", reference.toString(), "--quiet-after", "PT0S", reports.toString());
        assertEquals(0, r.rc(), r.err());
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                alerts.add(Json.mapper().readTree(line));
            }
        }
        return alerts;
    }

    /** What {@code run} publishes on {@code alerts} for the file's records sent in order to one partition. */
    private static List<JsonNode> run(String prefix, Path reports, Path reference, int expected) throws Exception {
        ProcessorRunner.Settings s = ProcessorIT.settings(broker.bootstrapServers(), tmp, prefix, 1, Map.of())
                .withReferenceDir(reference);
        AppConfig config = s.config();
        try (ProcessorRunner runner = ProcessorRunner.start(s)) {
            assertTrue(runner.awaitRunning(WAIT), "processor did not reach RUNNING: " + runner.state());
            send(config.topics().incidentReports(), ReportLines.read(reports));
            new ReliabilityVerifier(broker.bootstrapServers()).awaitCaughtUp(prefix + "-app", WAIT,
                    config.topics().incidentReports(), prefix + "-app-" + Names.RULE_GROUPS_REPARTITION
                            + "-repartition");
            try (KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                    config.topics().alerts())) {
                List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>(alerts.readUntil(r -> r.size() >= expected,
                        WAIT));
                read.addAll(alerts.readFor(Duration.ofSeconds(2))); // anything beyond the backtest's count
                List<JsonNode> out = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : read) {
                    out.add(Json.mapper().readTree(r.value()));
                }
                return out;
            }
        }
    }

    private static void send(String topic, List<ReportRecord> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ReportRecord r : records) {
                producer.send(new ProducerRecord<>(topic, 0, r.key() == null ? null
                        : r.key().getBytes(StandardCharsets.UTF_8),
                        r.value() == null ? null : r.value().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Same messages in the same order, each without what depends on the wall clock. */
    private static void assertSameMessages(List<JsonNode> backtest, List<JsonNode> run) {
        List<JsonNode> a = backtest.stream().map(BacktestEqualsRunIT::withoutSendTimes).toList();
        List<JsonNode> b = run.stream().map(BacktestEqualsRunIT::withoutSendTimes).toList();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertEquals(a.get(i), b.get(i), "message " + (i + 1) + " differs");
        }
        assertEquals(a.size(), b.size(), "backtest and run raise as many messages");
    }

    static JsonNode withoutSendTimes(JsonNode alert) {
        ObjectNode copy = alert.deepCopy();
        copy.remove("sent");
        copy.remove("expires");
        copy.withArray("references").forEach(r -> ((ObjectNode) r).remove("sent"));
        return copy;
    }
}
