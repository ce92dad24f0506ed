package org.frontierwatch.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontierwatch.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker: transactions work on one node, data survives a restart, a taken port is reported. */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerIT {

    private static final String HOST = "127.0.0.1";
    private static final String TOPIC = "embedded-broker-it";
    private static final String GROUP = "embedded-broker-it-group";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    @Test
    void shouldCommitTransactionsAndKeepTopicsRecordsAndOffsetsAcrossARestart() throws Exception {
        Path data = dir.resolve("kafka");
        long committedPosition;

        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, HOST, 0);
        try {
            report("first start (formats " + data + ")", t0);
            assertTrue(broker.port() > 0);
            assertEquals(HOST + ":" + broker.port(), broker.bootstrapServers());
            assertEquals(data, broker.dataDir());
            assertTrue(Files.exists(data.resolve("logs").resolve("meta.properties")), "log dir formatted");

            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            produceInOneTransaction(broker, "tx-it", List.of("v0", "v1", "v2"));

            try (KafkaConsumer<String, String> consumer = readCommittedConsumer(broker)) {
                assertEquals(List.of("v0", "v1", "v2"), readValues(consumer, 3));
                committedPosition = consumer.position(PARTITION, WAIT);
                consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(committedPosition)), WAIT);
            }
        } finally {
            long t1 = System.nanoTime();
            broker.close();
            report("close", t1);
        }

        t0 = System.nanoTime();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(data, HOST, 0)) {
            report("restart on the same data dir", t0);
            try (Admin admin = admin(again)) {
                assertTrue(admin.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS).contains(TOPIC),
                        "topic survives the restart");
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(committedPosition, offsets.get(PARTITION).offset(), "committed offset survives");
            }
            try (KafkaConsumer<String, String> consumer = readCommittedConsumer(again)) {
                assertEquals(List.of("v0", "v1", "v2"), readValues(consumer, 3), "records survive the restart");
            }
            // The transaction state survives too: the same transactional id fences its old epoch and commits again.
            produceInOneTransaction(again, "tx-it", List.of("v3"));
            try (KafkaConsumer<String, String> consumer = readCommittedConsumer(again)) {
                assertEquals(List.of("v0", "v1", "v2", "v3"), readValues(consumer, 4));
            }
        }
    }

    @Test
    void shouldRefuseAPortThatIsInUseBeforeStartingKafka() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("a"), HOST, 0)) {
            Path second = dir.resolve("b");
            long t0 = System.nanoTime();
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.start(second, HOST, broker.port()));
            report("refusal of a port in use", t0);
            String m = e.getMessage();
            assertTrue(m.contains("port " + broker.port()) && m.contains("in use"), m);
            assertFalse(m.contains("\n"), "one line: " + m);
            assertFalse(Files.exists(second.resolve("logs").resolve("meta.properties")),
                    "detected before Kafka formatted or started anything");
            // The first broker is unharmed.
            try (Admin admin = admin(broker)) {
                assertFalse(assertDoesNotThrow(() -> admin.describeCluster().nodes()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty());
            }
        }
    }

    @Test
    void shouldCloseTwiceHarmlessly() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), HOST, 0);
        long t0 = System.nanoTime();
        broker.close();
        report("close", t0);
        t0 = System.nanoTime();
        assertDoesNotThrow(broker::close);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "second close returns at once");
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("EmbeddedKafkaBrokerIT: %s took %d ms%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis()));
    }

    private static void produceInOneTransaction(EmbeddedKafkaBroker broker, String transactionalId,
            List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis()); // bounds initTransactions and commit
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String v : values) {
                producer.send(new ProducerRecord<>(TOPIC, "k-" + v, v));
            }
            producer.commitTransaction();
        }
    }

    /** A read_committed consumer of the test topic's only partition, from its beginning. */
    private static KafkaConsumer<String, String> readCommittedConsumer(EmbeddedKafkaBroker broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        return consumer;
    }

    /** Polls until {@code expected} values arrived or {@link #WAIT} passed; returns what was read. */
    private static List<String> readValues(KafkaConsumer<String, String> consumer, int expected) throws Exception {
        List<String> values = new ArrayList<>();
        Await.holdsWithin(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
            return values.size() >= expected;
        }, WAIT, Await.NO_PAUSE);
        return values;
    }
}
