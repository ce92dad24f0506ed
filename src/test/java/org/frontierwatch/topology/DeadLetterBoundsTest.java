package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterBoundsTest {

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepAValueAtTheBoundWholeAndUnmarked() {
        byte[] value = new byte[DeadLetterBounds.MAX_VALUE_BYTES];
        assertSame(value, DeadLetterBounds.value(value));
        Headers h = DeadLetterBounds.headers(new byte[1], value, new RecordHeaders());
        assertNull(header(h, Names.HEADER_TRUNCATED));
        assertNull(header(h, Names.HEADER_ORIGINAL_SIZE));
    }

    @Test
    void shouldTruncateAValueOverTheBoundToItsPrefixAndSaySo() {
        byte[] value = new byte[DeadLetterBounds.MAX_VALUE_BYTES + 1];
        Arrays.fill(value, (byte) 'v');
        byte[] written = DeadLetterBounds.value(value);
        assertEquals(DeadLetterBounds.MAX_VALUE_BYTES, written.length);
        assertArrayEquals(Arrays.copyOf(value, written.length), written);
        Headers h = DeadLetterBounds.headers(new byte[1], value, new RecordHeaders());
        assertEquals("true", header(h, Names.HEADER_TRUNCATED));
        assertEquals(Integer.toString(value.length), header(h, Names.HEADER_ORIGINAL_SIZE));
    }

    @Test
    void shouldTruncateAHostileKeyAndSaySo() {
        byte[] key = new byte[1_000_000];
        assertEquals(DeadLetterBounds.MAX_KEY_BYTES, DeadLetterBounds.key(key).length);
        Headers h = DeadLetterBounds.headers(key, new byte[1], new RecordHeaders());
        assertEquals("true", header(h, Names.HEADER_KEY_TRUNCATED));
        assertEquals("1000000", header(h, Names.HEADER_ORIGINAL_KEY_SIZE));
        assertNull(header(h, Names.HEADER_TRUNCATED));
    }

    @Test
    void shouldPassNullKeyAndNullValueThrough() {
        assertNull(DeadLetterBounds.key(null));
        assertNull(DeadLetterBounds.value(null));
        assertEquals(0, DeadLetterBounds.headers(null, null, new RecordHeaders()).toArray().length);
    }

    @Test
    void shouldCopySmallProducerHeadersAndDropOversizedOnesWithACount() {
        Headers small = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals("abc", header(DeadLetterBounds.headers(null, new byte[1], small), "trace"));

        Headers big = new RecordHeaders()
                .add("a", new byte[DeadLetterBounds.MAX_HEADER_BYTES])
                .add("b", new byte[10]);
        Headers out = DeadLetterBounds.headers(null, new byte[1], big);
        assertNull(out.lastHeader("a"));
        assertNull(out.lastHeader("b"));
        assertEquals("2", header(out, Names.HEADER_HEADERS_DROPPED));
    }
}
