package org.frontierwatch.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.serde.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code produce}: sends JSON lines from a file or stdin to a topic, keyed by the record's id field for that topic
 * ({@code id}, {@code site_id}, {@code code}, {@code district_id}). Lines that are not JSON objects with that field
 * are reported with their line number and skipped; the exit code is 1 when any line was skipped or failed. A line
 * {@code {"tombstone": KEY}} sends a tombstone (null value) keyed KEY: a retraction on {@code incident-reports}.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send JSON lines (reports or reference data) from FILE or stdin to a topic.")
final class ProduceCommand implements Callable<Integer> {

    static final Map<String, String> KEY_FIELDS = Map.of("incident-reports", "id", "sites", "site_id",
            "nationalities", "code", "districts", "district_id");
    static final long PROGRESS_EVERY = 10_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "JSON lines to send; - or none: stdin.")
    Path file;

    @Option(names = "--topic", defaultValue = "incident-reports", description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--key-field", paramLabel = "FIELD",
            description = "Field whose value keys each record (default by topic: id, site_id, code, district_id).")
    String keyField;

    @Mixin
    ClientOptions connection;

    @Override
    public Integer call() throws Exception {
        String field = keyField != null ? keyField : KEY_FIELDS.get(topic);
        if (field == null) {
            throw new CliException("--key-field is required for topic '" + topic + "' (known topics: "
                    + KEY_FIELDS.keySet() + ")");
        }
        Properties p = connection.connect();
        Duration timeout = connection.connectTimeout();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        PrintStream err = System.err;
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long skipped = 0;
        long lineNo = 0;
        try (BufferedReader in = open(); KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String tombstone = tombstoneKey(line);
                String key = tombstone != null ? tombstone : keyOf(line, field, lineNo, err);
                if (key == null) {
                    skipped++;
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        tombstone != null ? null : line.getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                            if (e == null) {
                                sent.incrementAndGet();
                            } else {
                                sendFailure.compareAndSet(null, e);
                            }
                        });
                if (lineNo % PROGRESS_EVERY == 0) {
                    err.println("frontier-watch: " + lineNo + " lines read, " + sent.get() + " acknowledged");
                }
            }
            producer.flush();
        }
        err.println("frontier-watch: sent " + sent.get() + ", skipped " + skipped + " (topic " + topic + ")");
        if (sendFailure.get() != null) {
            err.println("frontier-watch: some records were not acknowledged: " + sendFailure.get().getMessage());
            return 1;
        }
        return skipped > 0 ? 1 : 0;
    }

    private BufferedReader open() throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(file + ": file not found");
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** The key of a {@code {"tombstone": KEY}} line (sent as a tombstone: a retraction or deletion), else null. */
    static String tombstoneKey(String line) {
        if (!line.contains("\"tombstone\"")) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(line);
            return node != null && node.isObject() && node.size() == 1 && node.path("tombstone").isTextual()
                    && !node.get("tombstone").textValue().isEmpty() ? node.get("tombstone").textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The record key, or null (after reporting the line) when the line cannot be sent. */
    static String keyOf(String line, String field, long lineNo, PrintStream err) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException e) {
            err.println("frontier-watch: line " + lineNo + ": not JSON, skipped (" + shortMessage(e) + ")");
            return null;
        }
        if (node == null || !node.isObject()) {
            err.println("frontier-watch: line " + lineNo + ": not a JSON object, skipped");
            return null;
        }
        JsonNode key = node.get(field);
        if (key == null || !key.isValueNode() || key.asText().isBlank()) {
            err.println("frontier-watch: line " + lineNo + ": no '" + field + "' to key the record, skipped");
            return null;
        }
        return key.asText();
    }

    private static String shortMessage(IOException e) {
        String m = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return "unreadable";
        }
        m = m.replaceAll("\\s+", " ");
        return m.length() > 100 ? m.substring(0, 97) + "..." : m;
    }
}
