package org.frontierwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.topology.FrontierWatchTopology;

/**
 * Drives the production topology through Kafka's TopologyTestDriver with a fixed wall clock, the shipped reference
 * data, and readers for the alerts, CAP and dead-letter topics.
 */
public final class TopologyHarness implements AutoCloseable {

    /** Wall clock of the driver: a week after the seed scenario's last report. */
    public static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");

    public final AppConfig config;
    public final PipelineMetrics metrics = PipelineMetrics.detached();
    public final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> reports;
    private final TestInputTopic<byte[], byte[]> sites;
    private final TestInputTopic<byte[], byte[]> nationalities;
    private final TestInputTopic<byte[], byte[]> districts;
    private final TestInputTopic<byte[], byte[]> rules;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, String> cap;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;
    /** What the global reference-store updaters dead-lettered (they send through a producer, not a sink). */
    public final List<ProducerRecord<byte[], byte[]>> referenceDeadLetters =
            new CopyOnWriteArrayList<>();

    public TopologyHarness() {
        this(Fixtures.defaultConfig());
    }

    public TopologyHarness(AppConfig config) {
        this.config = config;
        try {
            stateDir = Files.createTempDirectory("fw-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "frontier-watch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FrontierWatchTopology.build(config, FrontierSerdes.standard(), metrics,
                referenceDeadLetters::add), props, NOW);
        ByteArraySerializer bytes = new ByteArraySerializer();
        reports = driver.createInputTopic(config.topics().incidentReports(), bytes, bytes);
        sites = driver.createInputTopic(config.topics().sites(), bytes, bytes);
        nationalities = driver.createInputTopic(config.topics().nationalities(), bytes, bytes);
        districts = driver.createInputTopic(config.topics().districts(), bytes, bytes);
        rules = driver.createInputTopic(config.topics().rules(), bytes, bytes);
        alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(),
                new JsonSerde<>(Alert.class).deserializer());
        cap = driver.createOutputTopic(config.topics().alertsCap(), new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(config.topics().deadLetter(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Loads the shipped sample reference data. */
    public TopologyHarness withSampleReferenceData() {
        Fixtures.jsonLines(Fixtures.REFERENCE.resolve("nationalities.jsonl"))
                .forEach(l -> nationality(Fixtures.field(l, "code"), l));
        Fixtures.jsonLines(Fixtures.REFERENCE.resolve("districts.jsonl"))
                .forEach(l -> district(Fixtures.field(l, "district_id"), l));
        Fixtures.jsonLines(Fixtures.REFERENCE.resolve("sites.jsonl")).forEach(l ->
                site(Fixtures.field(l, "site_id"), l));
        return this;
    }

    public void site(String key, String json) {
        sites.pipeInput(utf8(key), utf8(json));
    }

    public void nationality(String key, String json) {
        nationalities.pipeInput(utf8(key), utf8(json));
    }

    public void district(String key, String json) {
        districts.pipeInput(utf8(key), utf8(json));
    }

    /** Publishes a rule on the rules topic (key = rule id; a null value takes the rule out of force). */
    public void rule(String key, String json) {
        rules.pipeInput(utf8(key), utf8(json), NOW);
    }

    /** Sends a report keyed by its id, as producers must. */
    public void report(String json) {
        reports.pipeInput(utf8(Fixtures.field(json, "id")), utf8(json), NOW);
    }

    public void report(byte[] key, byte[] value) {
        reports.pipeInput(key, value, NOW);
    }

    /** Sends raw bytes with an explicit record timestamp (producer time; the intake does not trust it). */
    public void report(byte[] key, byte[] value, Instant timestamp) {
        reports.pipeInput(key, value, timestamp);
    }

    /** Sends a retraction (tombstone) for an incident id. */
    public void retract(String id) {
        reports.pipeInput(utf8(id), null, NOW);
    }

    public void seedScenario() {
        Fixtures.seedReports().forEach(this::report);
    }

    public List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    public List<TestRecord<String, Alert>> alertRecords() {
        return alerts.readRecordsToList();
    }

    public List<TestRecord<String, String>> capRecords() {
        return cap.readRecordsToList();
    }

    public List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    public static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static List<String> keys(List<Alert> alerts) {
        List<String> keys = new ArrayList<>();
        alerts.forEach(a -> keys.add(a.msgType() + " " + a.key()));
        return keys;
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temp dir
        }
    }
}
