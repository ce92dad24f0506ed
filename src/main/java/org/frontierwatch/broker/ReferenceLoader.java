package org.frontierwatch.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceValidator;
import org.frontierwatch.serde.Json;
import org.frontierwatch.serde.JsonSerde;

/**
 * Upserts the reference files of a directory ({@code sites.jsonl}, {@code nationalities.jsonl},
 * {@code districts.jsonl}: one JSON object per line) into the compacted reference topics, keyed by their id field.
 * Idempotent: it reads what each topic already holds and only sends records whose value differs, so a restart
 * adds nothing to the topics. Every file is validated in full before anything is sent: each line must be a JSON
 * object of its type with a string id, no id may repeat, and each record must pass {@link ReferenceValidator}, the
 * check the global-store updaters apply, so a record the processor would dead-letter stops the load instead.
 */
public final class ReferenceLoader {

    /** A reference file: its name in the directory, the id field that keys it, and its value type. */
    public record ReferenceFile(String fileName, String idField, Class<?> type) {
    }

    public static final List<ReferenceFile> FILES = List.of(
            new ReferenceFile("nationalities.jsonl", "code", Nationality.class),
            new ReferenceFile("districts.jsonl", "district_id", District.class),
            new ReferenceFile("sites.jsonl", "site_id", Site.class));

    private ReferenceLoader() {
    }

    /** Result of a load: per topic, how many records the files hold and how many were sent. */
    public record Loaded(Map<String, int[]> perTopic) {
        public int sent() {
            return perTopic.values().stream().mapToInt(a -> a[1]).sum();
        }
    }

    /** Reads and validates the files of {@code dir}; key order is file order. Throws ConfigException on any problem. */
    public static Map<ReferenceFile, LinkedHashMap<String, String>> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "(directory)", "reference directory not found");
        }
        Map<ReferenceFile, LinkedHashMap<String, String>> all = new LinkedHashMap<>();
        for (ReferenceFile f : FILES) {
            all.put(f, readFile(dir.resolve(f.fileName()), f));
        }
        return all;
    }

    static LinkedHashMap<String, String> readFile(Path file, ReferenceFile spec) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "(file)", "reference file not found");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "(file)", "cannot read: " + e.getMessage(), e);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        JsonSerde<Object> serde = new JsonSerde(spec.type());
        LinkedHashMap<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1);
            JsonNode node;
            Object value;
            try {
                node = Json.mapper().readTree(line);
                value = serde.deserializer().deserialize(file.toString(), line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(file.toString(), where, "not a valid " + spec.type().getSimpleName()
                        + " JSON object: " + firstLine(e.getMessage()));
            }
            JsonNode id = node.get(spec.idField());
            if (!node.isObject() || id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw new ConfigException(file.toString(), where + "." + spec.idField(), "missing or not a string");
            }
            String problem = ReferenceValidator.problem(id.textValue(), value);
            if (problem != null) {
                throw new ConfigException(file.toString(), where, problem);
            }
            if (records.put(id.textValue(), line) != null) {
                throw new ConfigException(file.toString(), where + "." + spec.idField(), "duplicate id '"
                        + id.textValue() + "'");
            }
        }
        return records;
    }

    /** Sends what differs from the topics' current contents; returns counts per topic. */
    public static Loaded upsert(Path dir, Topics topics, Properties clientProps, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ReferenceFile, LinkedHashMap<String, String>> files = read(dir);
        Map<String, int[]> counts = new LinkedHashMap<>();
        Properties pp = FreshTopicProducers.settings(clientProps);
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Map.Entry<ReferenceFile, LinkedHashMap<String, String>> e : files.entrySet()) {
                String topic = topicFor(e.getKey(), topics);
                Map<String, byte[]> current = readTopic(topic, clientProps, timeout);
                int sent = 0;
                for (Map.Entry<String, String> record : e.getValue().entrySet()) {
                    byte[] value = record.getValue().getBytes(StandardCharsets.UTF_8);
                    if (!Arrays.equals(value, current.get(record.getKey()))) {
                        byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
                        producer.send(new ProducerRecord<>(topic, key, value));
                        sent++;
                    }
                }
                counts.put(topic, new int[] {e.getValue().size(), sent});
            }
            producer.flush();
        }
        return new Loaded(counts);
    }

    static String topicFor(ReferenceFile f, Topics topics) {
        return switch (f.fileName()) {
            case "sites.jsonl" -> topics.sites();
            case "nationalities.jsonl" -> topics.nationalities();
            default -> topics.districts();
        };
    }

    /** The latest value per key of a (compacted) topic, read from the beginning to the current end. */
    static Map<String, byte[]> readTopic(String topic, Properties clientProps, Duration timeout)
            throws TimeoutException {
        Properties cp = new Properties();
        cp.putAll(clientProps);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " did not reach its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, r.value());
                    }
                }
            }
        }
        return latest;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}
