package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Keeps a dead letter writable: consumes the rejected record's key, value and producer headers, produces a copy
 * that the dead-letter producer can always send under the default 1 MB {@code max.request.size}. A value over
 * {@link #MAX_VALUE_BYTES} is cut to that prefix, a key over {@link #MAX_KEY_BYTES} likewise, and producer headers
 * over {@link #MAX_HEADER_BYTES} in total are dropped; each cut is announced in a header. Without this, a rejected
 * record near the broker's limit would make the dead-letter write fail, and a failed send kills the stream task
 * (with exactly-once, the whole transaction): the one record Frontier Watch cannot drop would stop everything.
 */
final class DeadLetterBounds {

    /** Largest value copied whole to the dead-letter topic; larger ones are truncated to this many bytes. */
    static final int MAX_VALUE_BYTES = 512 * 1024;
    /** Largest key copied whole; an incident id is at most 256 characters, so only hostile keys are cut. */
    static final int MAX_KEY_BYTES = 4 * 1024;
    /** Most bytes of producer headers (names and values) copied; above this none are. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private DeadLetterBounds() {
    }

    /** The value to write: the original, or its first {@link #MAX_VALUE_BYTES} bytes. */
    static byte[] value(byte[] original) {
        return truncate(original, MAX_VALUE_BYTES);
    }

    /** The key to write: the original, or its first {@link #MAX_KEY_BYTES} bytes. */
    static byte[] key(byte[] original) {
        return truncate(original, MAX_KEY_BYTES);
    }

    /**
     * The producer's headers when they are small enough, else none; then the markers of what was cut:
     * {@code dlq.truncated=true} and {@code dlq.original.size}, {@code dlq.key.truncated=true} and
     * {@code dlq.original.key.size}, {@code dlq.headers.dropped=<count>}.
     */
    static Headers headers(byte[] key, byte[] value, Headers producerHeaders) {
        Header[] original = producerHeaders.toArray();
        long headerBytes = 0;
        for (Header h : original) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        Headers out = headerBytes <= MAX_HEADER_BYTES ? new RecordHeaders(original) : new RecordHeaders();
        if (headerBytes > MAX_HEADER_BYTES) {
            out.add(Names.HEADER_HEADERS_DROPPED, utf8(Integer.toString(original.length)));
        }
        if (value != null && value.length > MAX_VALUE_BYTES) {
            out.add(Names.HEADER_TRUNCATED, utf8("true"));
            out.add(Names.HEADER_ORIGINAL_SIZE, utf8(Integer.toString(value.length)));
        }
        if (key != null && key.length > MAX_KEY_BYTES) {
            out.add(Names.HEADER_KEY_TRUNCATED, utf8("true"));
            out.add(Names.HEADER_ORIGINAL_KEY_SIZE, utf8(Integer.toString(key.length)));
        }
        return out;
    }

    private static byte[] truncate(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
