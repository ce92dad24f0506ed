package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The headers of every dead letter, for rejected reports (intake) and rejected reference records (global-store
 * updaters) alike: consumes the rejected record's key, value and producer headers, the reason, its detail and where
 * the record was read; produces the producer's headers (bounded by {@link DeadLetterBounds}, with its cut markers),
 * then {@code dlq.reason}, {@code dlq.detail} and {@code dlq.source.topic}/{@code partition}/{@code offset}. The
 * detail must already be one line with input clipped and escaped; it is written as given.
 */
final class DeadLetterHeaders {

    private DeadLetterHeaders() {
    }

    /**
     * The dead letter of a record a global-store updater rejected, for {@link ReferenceDeadLetters}: its key and bytes
     * (cut to {@link DeadLetterBounds}) with the headers of a rejected report, stamped with its original timestamp.
     */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, Record<byte[], byte[]> rejected, String reason,
                                                     String detail, Optional<RecordMetadata> source) {
        Headers headers = of(rejected.key(), rejected.value(), rejected.headers(), reason, detail, source);
        return new ProducerRecord<>(topic, null, rejected.timestamp(), DeadLetterBounds.key(rejected.key()),
                DeadLetterBounds.value(rejected.value()), headers);
    }

    static Headers of(byte[] key, byte[] value, Headers producerHeaders, String reason, String detail,
                      Optional<RecordMetadata> source) {
        Headers headers = DeadLetterBounds.headers(key, value, producerHeaders);
        headers.add(Names.HEADER_REASON, utf8(reason));
        headers.add(Names.HEADER_DETAIL, utf8(detail));
        source.ifPresent(md -> {
            headers.add(Names.HEADER_TOPIC, utf8(md.topic()));
            headers.add(Names.HEADER_PARTITION, utf8(Integer.toString(md.partition())));
            headers.add(Names.HEADER_OFFSET, utf8(Long.toString(md.offset())));
        });
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
