package org.frontierwatch.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontierwatch.console.AckHandler;
import org.frontierwatch.console.Acknowledgement;
import org.frontierwatch.serde.Json;

/**
 * Writes the console's acknowledgements to the acknowledgements topic (key = alert key, JSON value), waiting until
 * every in-sync replica has it ({@code acks=all}, idempotent), so that an acknowledgement answered 201 survives a
 * broker's loss and the processor's restart.
 */
final class AckProducer implements AckHandler.Sink, AutoCloseable {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final Properties props;
    private final String topic;
    /** Created at the first acknowledgement: most instances never write one, and none should pay at start-up. */
    private KafkaProducer<String, byte[]> producer;

    AckProducer(Properties clientProps, String topic) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "frontier-watch-acknowledgements");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Bounds the wait for metadata or buffer space too, so that an officer's click never waits a minute.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        this.props = p;
        this.topic = topic;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    public void write(Acknowledgement ack) throws Exception {
        producer().send(new ProducerRecord<>(topic, ack.key(), Json.mapper().writeValueAsBytes(ack)))
                .get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
