package org.frontierwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker: transactions work on one node, data survives a restart, a taken port is reported. */
@Tag("integration")
class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void shouldCommitTransactionsAndKeepDataAcrossARestart() throws Exception {
        Path data = dir.resolve("kafka");
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, "127.0.0.1", 0)) {
            System.out.printf("embedded broker ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("t", "k" + i, "v" + i));
                }
                producer.commitTransaction();
            }
            try (KafkaClients.Reader reader = new KafkaClients.Reader(broker.bootstrapServers(), "t")) {
                assertEquals(3, reader.readUntil(r -> r.size() >= 3, Duration.ofSeconds(30)).size());
            }
        }
        started = System.nanoTime();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(data, "127.0.0.1", 0)) {
            System.out.printf("embedded broker restarted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            try (KafkaClients.Reader reader = new KafkaClients.Reader(again.bootstrapServers(), "t")) {
                assertEquals(List.of("v0", "v1", "v2"), reader.readUntil(r -> r.size() >= 3, Duration.ofSeconds(30))
                        .stream().map(KafkaClients::value).toList());
            }
            again.close();
            again.close();
        }
    }

    @Test
    void shouldRefuseAPortThatIsInUse() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("a"), "127.0.0.1", 0)) {
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.start(dir.resolve("b"), "127.0.0.1", broker.port()));
            assertTrue(e.getMessage().contains("port " + broker.port()) && e.getMessage().contains("in use"), e.getMessage());
        }
    }
}
