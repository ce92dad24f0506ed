package org.frontierwatch.broker;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.topology.ReferenceDeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the reference topics' dead letters with an idempotent producer of its own (acks=all). Never throws into the
 * global thread: a send that fails (e.g. the broker is away longer than {@code max.block.ms}) is logged and
 * counted as {@code frontierwatch_reference_dead_letter_failures_total}.
 */
public final class DeadLetterProducer implements ReferenceDeadLetters, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProducer.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final PipelineMetrics metrics;

    public DeadLetterProducer(Properties clientProps, PipelineMetrics metrics) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "frontier-watch-reference-dlq");
        // Bounded: the global thread must not hang on a send while the broker is away.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.metrics = metrics;
    }

    @Override
    public void send(ProducerRecord<byte[], byte[]> deadLetter) {
        try {
            producer.send(deadLetter, (md, e) -> {
                if (e != null) {
                    failed(deadLetter, e);
                }
            });
        } catch (RuntimeException e) {
            failed(deadLetter, e);
        }
    }

    private void failed(ProducerRecord<byte[], byte[]> deadLetter, Exception e) {
        metrics.referenceDeadLetterFailed();
        LOG.error("Could not dead-letter a rejected record to {}: {}", deadLetter.topic(), e.toString());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
