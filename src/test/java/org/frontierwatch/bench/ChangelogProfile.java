package org.frontierwatch.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.state.StateKeys;
import org.frontierwatch.testing.Await;

/**
 * Reads a rule-group state changelog back from the broker, from its start to its current end, and produces the records
 * and bytes written per kind of value (the {@link StateKeys} type byte each key starts with): which values make up
 * the changelog traffic per report, and the largest of each kind.
 */
final class ChangelogProfile {

    private static final Map<Byte, String> KINDS = kinds();

    /** One kind of value: records (tombstones included), key and value bytes, the largest value. */
    record Kind(String name, long records, long bytes, int largestValue) {
        Kind plus(int keyBytes, int valueBytes) {
            return new Kind(name, records + 1, bytes + keyBytes + valueBytes, Math.max(largestValue, valueBytes));
        }
    }

    private ChangelogProfile() {
    }

    static Map<String, Kind> read(String bootstrap, String topic, Duration limit) throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin admin = BenchKafka.admin(bootstrap)) {
            ends = BenchKafka.ends(admin, List.of(topic));
        }
        Map<String, Kind> kinds = new LinkedHashMap<>();
        KINDS.values().forEach(k -> kinds.put(k, new Kind(k, 0, 0, 0)));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(ends.keySet());
            c.seekToBeginning(ends.keySet());
            Await.until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String kind = r.key() == null || r.key().length == 0 ? "other"
                            : KINDS.getOrDefault(r.key()[0], "other");
                    int valueBytes = Math.max(0, r.serializedValueSize()); // -1 for a tombstone
                    kinds.put(kind, kinds.getOrDefault(kind, new Kind(kind, 0, 0, 0))
                            .plus(r.serializedKeySize(), valueBytes));
                }
                return ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            }, limit, Duration.ZERO, () -> "reading " + topic);
        }
        kinds.values().removeIf(k -> k.records() == 0);
        return kinds;
    }

    /** One line: each kind's share of the bytes, its records and its largest value. */
    static String describe(Map<String, Kind> kinds) {
        long total = kinds.values().stream().mapToLong(Kind::bytes).sum();
        return kinds.values().stream().map(k -> String.format("%s %,d B (%.0f%%, %,d records, largest value %,d B)",
                k.name(), k.bytes(), 100.0 * k.bytes() / Math.max(1, total), k.records(), k.largestValue()))
                .collect(Collectors.joining("; "));
    }

    private static Map<Byte, String> kinds() {
        Map<Byte, String> m = new LinkedHashMap<>();
        m.put(StateKeys.EPISODE, "episode summaries");
        m.put(StateKeys.ALERT, "last messages");
        m.put(StateKeys.ENTRY, "incident entries");
        m.put(StateKeys.SUMMARY, "group summaries");
        m.put(StateKeys.WINDOW_VALUE, "window value counts");
        m.put(StateKeys.TIMER, "timers");
        m.put(StateKeys.EXPIRY, "expiry index");
        m.put(StateKeys.META, "meta");
        return m;
    }
}
