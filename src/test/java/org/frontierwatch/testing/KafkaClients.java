package org.frontierwatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for integration tests: send lines keyed by a JSON field, read committed records with a deadline.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static void send(String bootstrap, String topic, List<String> jsonLines, String keyField) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String line : jsonLines) {
                String key = Fixtures.field(line, keyField);
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        line.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** A read_committed reader of one topic from its beginning, without a consumer group. */
    /** A retraction: a tombstone (null value) under the incident id. */
    public static void sendTombstone(String bootstrap, String topic, String key) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, null)).get();
        }
    }

    public static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        public Reader(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (parts.isEmpty()) {
                consumer.close();
                throw new AssertionError("topic " + topic + " does not exist");
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** Reads until {@code done} holds for what was read so far, or the deadline passes; returns what was read. */
        public List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                              Duration timeout) throws Exception {
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            Await.holdsWithin(() -> {
                if (done.test(read)) {
                    return true;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return false;
            }, timeout, Await.NO_PAUSE);
            return read;
        }

        /** Reads for {@code duration} and returns everything that arrived (used to assert that nothing more came). */
        public List<ConsumerRecord<byte[], byte[]>> readFor(Duration duration) throws Exception {
            return readUntil(r -> false, duration);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public static String value(ConsumerRecord<byte[], byte[]> r) {
        return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }
}
