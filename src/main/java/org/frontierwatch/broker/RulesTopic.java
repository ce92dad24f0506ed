package org.frontierwatch.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.rules.Rule;

/**
 * Reads and writes the compacted rules topic (key = rule id, value = the rule as JSON, tombstone = out of force):
 * consumes the topic from its beginning to its end as of the call, produces the {@link Contents} in force by the same
 * reading the processor's global store makes (the latest valid record per id; a record that is not one valid rule
 * changes nothing), and publishes records with {@code acks=all}, waiting for each.
 */
public final class RulesTopic {

    /** The rules in force by the topic, their record values, and the records that changed nothing. */
    public record Contents(Map<String, Rule> rules, Map<String, String> values, List<String> rejected,
                           long records) {

        public boolean isEmpty() {
            return records == 0;
        }
    }

    private RulesTopic() {
    }

    /** Reads the whole topic as of now; an empty {@link Contents} when it has no records (or does not exist). */
    public static Contents read(Properties clientProps, String topic, Duration timeout)
            throws TimeoutException {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "frontier-watch-rules-reader");
        // Reading must not create the topic: a broker's auto-created topic is not compacted, and rules on it would
        // be deleted after its retention.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Rule> rules = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        long records = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return new Contents(Map.of(), Map.of(), List.of(), 0);
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            while (parts.stream().anyMatch(tp -> c.position(tp, remaining(deadline)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading topic " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    records++;
                    apply(r.key(), r.value(), rules, values, rejected);
                }
            }
        }
        return new Contents(rules, values, rejected, records);
    }

    /** One record, applied as the processor's rules store applies it. */
    static void apply(String key, String value, Map<String, Rule> rules, Map<String, String> values,
                      List<String> rejected) {
        if (key == null) {
            rejected.add("a record without key");
            return;
        }
        if (value == null) {
            rules.remove(key);
            values.remove(key);
            return;
        }
        try {
            rules.put(key, RuleDocuments.parseRecord(key, value));
            values.put(key, value);
        } catch (ConfigException e) {
            rejected.add(e.getMessage());
        }
    }

    /**
     * Produces {@code records} (id to value; a null value is a tombstone), waiting until each is acknowledged. The
     * topic is created first when missing, compacted as {@link TopicSetup} creates it (a broker's auto-created topic
     * would delete the rules after its retention).
     */
    public static void publish(Properties clientProps, String topic, Map<String, String> records, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProps)) {
            TopicSetup.createMissing(admin, List.of(new TopicSetup.TopicSpec(topic, true)), 1,
                    TopicSetup.replication(admin, clientProps, timeout), timeout);
        }
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "frontier-watch-rules-publisher");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                (t, v) -> v)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach((id, value) -> sent.add(producer.send(new ProducerRecord<>(topic, id,
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8)))));
            for (Future<RecordMetadata> f : sent) {
                f.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
