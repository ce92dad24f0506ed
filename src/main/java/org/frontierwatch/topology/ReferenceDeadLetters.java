package org.frontierwatch.topology;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Takes the dead letters of the reference topics: records the global-store updaters reject, ready to send (the
 * dead-letter topic, the original key and bytes cut to {@link DeadLetterBounds}, {@code dlq.*} headers). Global
 * processors cannot forward, so the runner supplies a producer-backed implementation; tests record them.
 *
 * <p>Delivery is at least once, not exactly once: the global thread is outside Kafka Streams' transactions and
 * replays its topics from the last global checkpoint when it restores (after a crash or a lost state directory),
 * so a rejected reference record can be dead-lettered again. Its {@code dlq.source.*} headers identify it.
 */
@FunctionalInterface
public interface ReferenceDeadLetters {

    void send(ProducerRecord<byte[], byte[]> deadLetter);
}
