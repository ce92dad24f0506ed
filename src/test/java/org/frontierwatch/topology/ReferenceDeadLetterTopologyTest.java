package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.model.Site;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rejected reference record is dead-lettered within the same bounds as a rejected report: key, value and the
 * producer's headers cut by {@link DeadLetterBounds} and announced, then the usual {@code dlq.*} headers.
 */
class ReferenceDeadLetterTopologyTest {

    private final TopologyHarness harness = new TopologyHarness();
    private final TestInputTopic<byte[], byte[]> sites = harness.driver.createInputTopic(
            harness.config.topics().sites(), new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        harness.close();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] repeated(char c, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static long headerBytes(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private void assertGoodSiteStillStored() {
        String good = "{\"site_id\":\"good\",\"country\":\"TJ\",\"workers\":{\"CN\":5}}";
        sites.pipeInput("good".getBytes(StandardCharsets.UTF_8), good.getBytes(StandardCharsets.UTF_8));
        Site stored = harness.driver.<String, Site>getKeyValueStore(Names.SITES_STORE).get("good");
        assertNotNull(stored, "the updater keeps running after the bad record");
    }

    @Test
    void shouldCutAnOversizedUnparsableReferenceRecordAndItsHeadersLikeAReport() {
        byte[] key = repeated('k', DeadLetterBounds.MAX_KEY_BYTES + 1000);
        byte[] value = repeated('{', DeadLetterBounds.MAX_VALUE_BYTES + 100_000);
        Headers producerHeaders = new RecordHeaders()
                .add("trace", repeated('t', DeadLetterBounds.MAX_HEADER_BYTES))
                .add("other", repeated('o', 10));
        sites.pipeInput(new TestRecord<>(key, value, producerHeaders));

        assertEquals(1, harness.referenceDeadLetters.size());
        ProducerRecord<byte[], byte[]> dead = harness.referenceDeadLetters.get(0);
        assertEquals(harness.config.topics().deadLetter(), dead.topic());
        assertArrayEquals(Arrays.copyOf(key, DeadLetterBounds.MAX_KEY_BYTES), dead.key(), "key cut to its bound");
        assertArrayEquals(Arrays.copyOf(value, DeadLetterBounds.MAX_VALUE_BYTES), dead.value(), "value prefix");
        assertEquals("true", header(dead, Names.HEADER_TRUNCATED));
        assertEquals(Integer.toString(value.length), header(dead, Names.HEADER_ORIGINAL_SIZE));
        assertEquals("true", header(dead, Names.HEADER_KEY_TRUNCATED));
        assertEquals(Integer.toString(key.length), header(dead, Names.HEADER_ORIGINAL_KEY_SIZE));
        assertEquals("2", header(dead, Names.HEADER_HEADERS_DROPPED));
        assertNull(dead.headers().lastHeader("trace"), "oversized producer headers are dropped");
        assertNull(dead.headers().lastHeader("other"));
        assertEquals("invalid_json", header(dead, Names.HEADER_REASON));
        assertEquals("sites", header(dead, Names.HEADER_TOPIC));
        assertNotNull(header(dead, Names.HEADER_PARTITION));
        assertNotNull(header(dead, Names.HEADER_OFFSET));
        assertDetailIsOneShortLine(header(dead, Names.HEADER_DETAIL));
        assertTrue(headerBytes(dead.headers()) < 2048, "headers stay small: " + headerBytes(dead.headers()));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reference.rejected", "table", "sites",
                "reason", "invalid_json"));
        assertGoodSiteStillStored();
    }

    @Test
    void shouldCutAnOversizedWellFormedReferenceRecordWithAHostileIdAndKeepSmallHeaders() {
        String hostileId = "x\n".repeat(50_000);
        String filler = "f".repeat(200_000);
        String json = "{\"site_id\":\"" + hostileId.replace("\n", "\\n") + "\",\"country\":\"TJ\",\"name\":\""
                + filler + "\",\"operator\":\"" + filler + "\",\"sector\":\"" + filler + "\"}";
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        assertTrue(value.length > DeadLetterBounds.MAX_VALUE_BYTES);
        Headers producerHeaders = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        sites.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), value, producerHeaders));

        assertEquals(1, harness.referenceDeadLetters.size());
        ProducerRecord<byte[], byte[]> dead = harness.referenceDeadLetters.get(0);
        assertEquals("invalid_value", header(dead, Names.HEADER_REASON));
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), dead.key());
        assertEquals(DeadLetterBounds.MAX_VALUE_BYTES, dead.value().length);
        assertEquals(Integer.toString(value.length), header(dead, Names.HEADER_ORIGINAL_SIZE));
        assertNull(header(dead, Names.HEADER_KEY_TRUNCATED));
        assertNull(header(dead, Names.HEADER_HEADERS_DROPPED));
        assertEquals("abc", header(dead, "trace"), "small producer headers are kept");
        String detail = header(dead, Names.HEADER_DETAIL);
        assertTrue(detail.endsWith("does not match the record key"), detail);
        assertDetailIsOneShortLine(detail);
        assertGoodSiteStillStored();
    }

    private static void assertDetailIsOneShortLine(String detail) {
        assertFalse(detail == null || detail.isBlank(), "a dead letter says why");
        assertTrue(detail.length() <= 400 && detail.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029),
                detail);
    }
}
