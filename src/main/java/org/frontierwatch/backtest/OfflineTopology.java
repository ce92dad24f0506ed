package org.frontierwatch.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.topology.BoundedRocksDbMemory;
import org.frontierwatch.topology.FrontierWatchTopology;

/**
 * The production topology ({@link FrontierWatchTopology#build}) run in process, without a broker, in Kafka's
 * TopologyTestDriver: consumes reference records and incident reports one at a time, produces after each report
 * the alert messages (the JSON the {@code alerts} topic would carry, keyed by alert key) and the dead letters it
 * caused. One partition per topic, as a {@code run} whose topics have one partition. The wall clock (alerts'
 * {@code sent}, the {@code future_timestamp} check) stays at the instant given while reports are read, as if the
 * whole input arrived at once; {@link #quiet} then lets wall-clock time pass with no input (held Updates and
 * wall-bound AllClears go out as in a live run). State lives in RocksDB under a temporary directory, deleted on
 * close.
 */
public final class OfflineTopology implements AutoCloseable {

    /** An alert message as published: its key and its JSON. */
    public record AlertOut(String key, String json) {
    }

    /** What one input record caused: alert messages in order, and the reasons of the dead letters it caused. */
    public record Step(List<AlertOut> alerts, List<String> deadLetters) {
    }

    private final Instant now;
    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> reports;
    private final Map<String, TestInputTopic<byte[], byte[]>> referenceTopics = new LinkedHashMap<>();
    private final TestOutputTopic<String, String> alerts;
    private final TestOutputTopic<byte[], byte[]> cap;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final List<ProducerRecord<byte[], byte[]>> referenceDeadLetters = new ArrayList<>();
    /**
     * The driver keeps every record written to any topic, the changelogs and the repartition topic included,
     * until it is read: those are drained every {@link #DRAIN_EVERY} reports so that memory stays flat.
     */
    private final Map<String, TestOutputTopic<byte[], byte[]>> internalTopics = new LinkedHashMap<>();
    private final Set<String> readTopics;
    private static final int DRAIN_EVERY = 1_000;
    private long piped;

    /**
     * Silences Kafka Streams' start-up warning about a state directory under the OS temp directory, which concerns
     * a long-running client, not an offline run whose state is temporary by design. Call before the first driver
     * is created; slf4j-simple reads per-logger levels from system properties when a logger is made.
     */
    public static void quietStartupWarnings() {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StateDirectory",
                "error");
    }

    public OfflineTopology(AppConfig config, Instant now) {
        this.now = now;
        try {
            stateDir = Files.createTempDirectory("frontier-watch-offline");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
        Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().getProperty("application.id", "frontier-watch"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // As run sets them: the global thread's processors under the processing exception handler, and one bound on
        // the off-heap memory of all RocksDB stores (frontier.state.rocksdb-memory-mb).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        BoundedRocksDbMemory.setTotalBytes(config.rocksDbMemoryBytes());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        driver = new TopologyTestDriver(FrontierWatchTopology.build(config, FrontierSerdes.standard(),
                PipelineMetrics.detached(), referenceDeadLetters::add), props, now);
        ByteArraySerializer bytes = new ByteArraySerializer();
        reports = driver.createInputTopic(config.topics().incidentReports(), bytes, bytes);
        referenceTopics.put("sites", driver.createInputTopic(config.topics().sites(), bytes, bytes));
        referenceTopics.put("nationalities", driver.createInputTopic(config.topics().nationalities(), bytes, bytes));
        referenceTopics.put("districts", driver.createInputTopic(config.topics().districts(), bytes, bytes));
        alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), new StringDeserializer());
        cap = driver.createOutputTopic(config.topics().alertsCap(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(config.topics().deadLetter(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        readTopics = Set.of(config.topics().alerts(), config.topics().alertsCap(),
                config.topics().deadLetter());
    }

    /** Reads away what the topology wrote to its changelogs and repartition topic (nobody reads them here). */
    private void drainInternalTopics() {
        for (String topic : driver.producedTopicNames()) {
            if (!readTopics.contains(topic)) {
                TestOutputTopic<byte[], byte[]> t = internalTopics.computeIfAbsent(topic, name ->
                        driver.createOutputTopic(name, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
                while (!t.isEmpty()) {
                    t.readRecord();
                }
            }
        }
    }

    /** Loads a reference directory as {@code run} does (validated in full first; ConfigException on a problem). */
    public void loadReferenceDir(Path dir) {
        ReferenceLoader.read(dir).forEach((file, records) -> {
            String kind = file.fileName().replace(".jsonl", "");
            records.forEach((key, json) -> reference(kind, key, json));
        });
    }

    /** Sends one reference record; {@code kind} is {@code sites}, {@code nationalities} or {@code districts}. */
    public void reference(String kind, String key, String json) {
        TestInputTopic<byte[], byte[]> topic = referenceTopics.get(kind);
        if (topic == null) {
            throw new IllegalArgumentException("unknown reference kind " + kind);
        }
        topic.pipeInput(utf8(key), utf8(json), now);
    }

    /** How many reference records the topology rejected (dead-lettered by the global store updaters). */
    public int referenceDeadLetters() {
        return referenceDeadLetters.size();
    }

    /** Sends one incident report (a null value is a tombstone) and returns what it caused. */
    public Step report(byte[] key, byte[] value) {
        reports.pipeInput(key, value, now);
        if (++piped % DRAIN_EVERY == 0) {
            drainInternalTopics();
        }
        return collect();
    }

    /**
     * Lets {@code duration} of wall-clock time pass with no input, as it does for a live run whose input stops, and
     * returns what the processor's wall-clock timers sent meanwhile: held count-only Updates whose bound passed
     * (docs/rules.md, "When messages are sent"), and closing AllClears whose wall-clock bound passed.
     */
    public Step quiet(Duration duration) {
        if (!duration.isZero() && !duration.isNegative()) {
            driver.advanceWallClockTime(duration);
        }
        return collect();
    }

    private Step collect() {
        List<AlertOut> out;
        if (alerts.isEmpty()) {
            out = List.of();
        } else {
            out = new ArrayList<>();
            for (TestRecord<String, String> r : alerts.readRecordsToList()) {
                out.add(new AlertOut(r.key(), r.value()));
            }
        }
        if (!cap.isEmpty()) {
            cap.readRecordsToList(); // rendered as in production; drained so the driver does not keep them
        }
        List<String> dead = List.of();
        if (!deadLetters.isEmpty()) {
            dead = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
                Header h = r.headers().lastHeader("dlq.reason");
                dead.add(h == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return new Step(out, dead);
    }

    public Step report(String key, String value) {
        return report(utf8(key), utf8(value));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory: best effort
            }
        }
    }
}
