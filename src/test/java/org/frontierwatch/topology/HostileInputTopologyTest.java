package org.frontierwatch.topology;

import static org.frontierwatch.testing.TopologyHarness.header;
import static org.frontierwatch.testing.TopologyHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.frontierwatch.validation.ReportParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #5, hostile input, through the production topology: every hostile record is piped between two good
 * reports, and each test asserts its fate (dead-letter reason, original key and bytes or their announced
 * truncation; or, for tombstones, the retraction contract) and that both good neighbours were accepted and alerted.
 */
class HostileInputTopologyTest {

    private static final String BEFORE = "good-before";
    private static final String AFTER = "good-after";

    private TopologyHarness harness;
    /** Record timestamps: explicit and increasing, one millisecond apart (the intake ignores them). */
    private Instant clock = TopologyHarness.NOW;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** A fatal attack on Chinese workers in Panj: a new one raises or updates foreign-workers-killed there. */
    private static ObjectNode goodReport(String id, String occurredAt) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", 1,
                "victim_nationalities", List.of("CN"), "origin_country", "AF"));
    }

    private void pipe(byte[] key, byte[] value) {
        clock = clock.plusMillis(1);
        harness.report(key, value, clock);
    }

    private void pipeGood(String id, String occurredAt) {
        pipe(utf8(id), utf8(goodReport(id, occurredAt).toString()));
    }

    /** Pipes good, hostile, good; asserts both good reports were accepted and alerted; returns the dead letters. */
    private List<TestRecord<byte[], byte[]>> between(byte[] key, byte[] value) {
        pipeGood(BEFORE, "2025-11-20T00:00:00Z");
        pipe(key, value);
        pipeGood(AFTER, "2025-11-21T00:00:00Z");
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertNeighboursAlerted(harness.alerts());
        return dead;
    }

    private void assertNeighboursAlerted(List<Alert> alerts) {
        List<Alert> rule = alerts.stream().filter(a -> a.content().ruleId().equals("foreign-workers-killed")).toList();
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20",
                "Update foreign-workers-killed/tj-panj/2025-11-20"), TopologyHarness.keys(rule));
        assertEquals(List.of(BEFORE, AFTER), rule.get(1).content().incidentIds(), "both neighbours are evidence");
        assertEquals(2.0, harness.metrics.count("frontierwatch.reports.accepted", "kind", "new"));
    }

    /** Exactly one dead letter with this reason, the original key and value, and a one-line detail. */
    private TestRecord<byte[], byte[]> assertOneDeadLetter(List<TestRecord<byte[], byte[]>> dead, String reason,
                                                           byte[] key, byte[] value) {
        assertEquals(1, dead.size(), "one dead letter");
        TestRecord<byte[], byte[]> r = dead.get(0);
        assertEquals(reason, header(r, Names.HEADER_REASON), () -> "detail: " + header(r, Names.HEADER_DETAIL));
        assertArrayEquals(key, r.key(), "original key");
        assertArrayEquals(value, r.value(), "original bytes");
        assertNull(header(r, Names.HEADER_TRUNCATED));
        assertDetailIsOneLine(r);
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.dead.lettered", "reason", reason));
        return r;
    }

    private static void assertDetailIsOneLine(TestRecord<byte[], byte[]> r) {
        String detail = header(r, Names.HEADER_DETAIL);
        assertFalse(detail == null || detail.isBlank(), "a dead letter says why");
        assertTrue(detail.length() <= 400 && detail.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029),
                detail);
    }

    private void assertDeadLettered(String reason, byte[] key, byte[] value) {
        assertOneDeadLetter(between(key, value), reason, key, value);
    }

    private void assertDeadLettered(String reason, String id, String json) {
        assertDeadLettered(reason, utf8(id), utf8(json));
    }

    private static String withField(String id, String field, Object value) {
        return Fixtures.with(goodReport(id, "2025-11-20T06:00:00Z"), Collections.singletonMap(field, value)).toString();
    }

    // --- not JSON ---

    @Test
    void shouldDeadLetterTruncatedJsonAsInvalidJson() {
        String json = goodReport("cut", "2025-11-20T06:00:00Z").toString();
        assertDeadLettered("invalid_json", "cut", json.substring(0, json.length() / 2));
    }

    @Test
    void shouldDeadLetterNonUtf8BytesAsInvalidJson() {
        byte[] latin1 = withField("latin1", "notes", "Café near Panj").getBytes(StandardCharsets.ISO_8859_1);
        List<TestRecord<byte[], byte[]>> dead = between(utf8("latin1"), latin1);
        TestRecord<byte[], byte[]> r = assertOneDeadLetter(dead, "invalid_json", utf8("latin1"), latin1);
        assertTrue(header(r, Names.HEADER_DETAIL).startsWith("not UTF-8"), header(r, Names.HEADER_DETAIL));
    }

    @Test
    void shouldDeadLetterSeededRandomBytesAsInvalidJson() {
        Random random = new Random(20251126L);
        pipeGood(BEFORE, "2025-11-20T00:00:00Z");
        byte[][] values = new byte[25][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(values[i]);
            pipe(utf8("random-" + i), values[i]);
        }
        pipeGood(AFTER, "2025-11-21T00:00:00Z");
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertEquals(values.length, dead.size());
        for (int i = 0; i < values.length; i++) {
            assertEquals("invalid_json", header(dead.get(i), Names.HEADER_REASON));
            assertArrayEquals(values[i], dead.get(i).value());
            assertDetailIsOneLine(dead.get(i));
        }
        assertNeighboursAlerted(harness.alerts());
    }

    @Test
    void shouldDeadLetterTenThousandLevelsOfNestingAsInvalidJsonWithoutStackOverflow() {
        String deep = "{\"id\":\"deep\",\"notes\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        List<TestRecord<byte[], byte[]>> dead = between(utf8("deep"), utf8(deep));
        TestRecord<byte[], byte[]> r = assertOneDeadLetter(dead, "invalid_json", utf8("deep"), utf8(deep));
        assertTrue(header(r, Names.HEADER_DETAIL).contains("nesting depth"), header(r, Names.HEADER_DETAIL));
    }

    @Test
    void shouldDeadLetterNonNumericNumbersAsInvalidJson() {
        String nan = goodReport("nan", "2025-11-20T06:00:00Z").toString()
                .replace("\"fatalities\":1", "\"fatalities\":NaN");
        assertDeadLettered("invalid_json", "nan", nan);
    }

    @Test
    void shouldDeadLetterInfinityAsALatitudeAsInvalidJson() {
        String inf = goodReport("inf", "2025-11-20T06:00:00Z").toString()
                .replace("\"fatalities\":1", "\"fatalities\":1,\"latitude\":-Infinity");
        assertDeadLettered("invalid_json", "inf", inf);
    }

    // --- JSON of the wrong shape or types ---

    @Test
    void shouldDeadLetterAJsonArrayAsNotAnObject() {
        assertDeadLettered("not_an_object", "arr", "[{\"id\":\"arr\"}]");
    }

    @Test
    void shouldDeadLetterAJsonStringAsNotAnObject() {
        assertDeadLettered("not_an_object", "str", "\"a report\"");
    }

    @Test
    void shouldDeadLetterAJsonNumberAsNotAnObject() {
        assertDeadLettered("not_an_object", "num", "42");
    }

    @Test
    void shouldDeadLetterAnEmptyValueAsNotAnObjectRatherThanTreatItAsATombstone() {
        assertDeadLettered("not_an_object", utf8("empty"), new byte[0]);
    }

    @Test
    void shouldDeadLetterAStringCountAsWrongType() {
        assertDeadLettered("wrong_type", "t1", withField("t1", "fatalities", "3"));
    }

    @Test
    void shouldDeadLetterANumericIdAsWrongType() {
        String json = goodReport("x", "2025-11-20T06:00:00Z").put("id", 42).toString();
        assertDeadLettered("wrong_type", "42", json);
    }

    @Test
    void shouldDeadLetterAStringWhereAListBelongsAsWrongType() {
        assertDeadLettered("wrong_type", "t3", withField("t3", "victim_nationalities", "CN"));
    }

    @Test
    void shouldDeadLetterAFractionalCountAsWrongType() {
        assertDeadLettered("wrong_type", "t4", withField("t4", "fatalities", 1.5));
    }

    // --- values outside the contract ---

    @Test
    void shouldDeadLetterAnUnknownEventTypeAsUnknownEventType() {
        assertDeadLettered("unknown_event_type", "e1", withField("e1", "event_type", "Earthquake"));
    }

    @Test
    void shouldDeadLetterAnUnknownSubEventTypeAsUnknownSubEventType() {
        assertDeadLettered("unknown_sub_event_type", "e2", withField("e2", "sub_event_type", "Meteor strike"));
    }

    @Test
    void shouldDeadLetterNegativeFatalitiesAsNegativeValue() {
        assertDeadLettered("negative_value", "neg", withField("neg", "fatalities", -3));
    }

    @Test
    void shouldDeadLetterAnOccurredAtInTheYear2100AsFutureTimestamp() {
        assertDeadLettered("future_timestamp", "y2100", withField("y2100", "occurred_at", "2100-01-01T00:00:00Z"));
    }

    @Test
    void shouldDeadLetterAnOccurredAtBefore1970AsTooOld() {
        assertDeadLettered("too_old", "y1969", withField("y1969", "occurred_at", "1969-12-31T23:59:59Z"));
    }

    @Test
    void shouldDeadLetterAnOccurredAtAtTheEndOfTimeAsFutureTimestamp() {
        assertDeadLettered("future_timestamp", "eot", withField("eot", "occurred_at", "+999999999-12-31T23:59:59Z"));
    }

    // --- keys ---

    @Test
    void shouldDeadLetterANullKeyAsMissingKey() {
        assertDeadLettered("missing_key", null, utf8(goodReport("nokey", "2025-11-20T06:00:00Z").toString()));
    }

    @Test
    void shouldDeadLetterANonUtf8KeyAsKeyMismatch() {
        byte[] key = {'i', 'd', (byte) 0xff};
        assertDeadLettered("key_mismatch", key, utf8(goodReport("id\ufffd", "2025-11-20T06:00:00Z").toString()));
    }

    @Test
    void shouldDeadLetterATombstoneWithANonUtf8KeyAsKeyMismatchAndRetractNothing() {
        pipeGood("id\ufffd", "2025-11-20T00:00:00Z");
        harness.alerts();
        byte[] key = {'i', 'd', (byte) 0xff};
        pipe(key, null);
        assertEquals(List.of(), harness.alerts(), "the incident id\ufffd is not retracted by a garbled key");
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertOneDeadLetter(dead, "key_mismatch", key, null);
    }

    @Test
    void shouldDeadLetterAMegabyteKeyAsKeyMismatchWithTheKeyCutAndAnnounced() {
        byte[] key = new byte[1024 * 1024];
        Arrays.fill(key, (byte) 'k');
        byte[] value = utf8(goodReport("k", "2025-11-20T06:00:00Z").toString());
        List<TestRecord<byte[], byte[]>> dead = between(key, value);
        assertEquals(1, dead.size());
        TestRecord<byte[], byte[]> r = dead.get(0);
        assertEquals("key_mismatch", header(r, Names.HEADER_REASON));
        assertArrayEquals(Arrays.copyOf(key, DeadLetterBounds.MAX_KEY_BYTES), r.key());
        assertArrayEquals(value, r.value());
        assertEquals("true", header(r, Names.HEADER_KEY_TRUNCATED));
        assertEquals(Integer.toString(key.length), header(r, Names.HEADER_ORIGINAL_KEY_SIZE));
    }

    // --- size ---

    @Test
    void shouldDeadLetterAFiveMegabyteStringAsTooLargeWithTheValueCutAndAnnounced() {
        byte[] value = utf8(withField("huge", "notes", "x".repeat(5 * 1024 * 1024)));
        List<TestRecord<byte[], byte[]>> dead = between(utf8("huge"), value);
        assertEquals(1, dead.size());
        TestRecord<byte[], byte[]> r = dead.get(0);
        assertEquals("too_large", header(r, Names.HEADER_REASON));
        assertArrayEquals(utf8("huge"), r.key());
        assertEquals(DeadLetterBounds.MAX_VALUE_BYTES, r.value().length);
        assertArrayEquals(Arrays.copyOf(value, DeadLetterBounds.MAX_VALUE_BYTES), r.value(),
                "a prefix of the original");
        assertEquals("true", header(r, Names.HEADER_TRUNCATED));
        assertEquals(Integer.toString(value.length), header(r, Names.HEADER_ORIGINAL_SIZE));
        assertDetailIsOneLine(r);
    }

    @Test
    void shouldDeadLetterAMillionElementArrayAsTooLarge() {
        String json = withField("million", "actors", Collections.nCopies(1_000_000, "a"));
        List<TestRecord<byte[], byte[]>> dead = between(utf8("million"), utf8(json));
        assertEquals(1, dead.size());
        assertEquals("too_large", header(dead.get(0), Names.HEADER_REASON));
        assertEquals("true", header(dead.get(0), Names.HEADER_TRUNCATED), "4 MB of value, cut to 512 KiB");
    }

    @Test
    void shouldDeadLetterAListOverTheElementBoundAsInvalidValue() {
        assertDeadLettered("invalid_value", "list",
                withField("list", "victim_nationalities", Collections.nCopies(ReportParser.MAX_LIST_SIZE + 1, "CN")));
    }

    @Test
    void shouldDeadLetterOverlongNotesWithinTheSizeLimitAsInvalidValue() {
        assertDeadLettered("invalid_value", "notes", withField("notes", "notes", "n".repeat(50_000)));
    }

    @Test
    void shouldDeadLetterAReportJustOverTheByteLimitAsTooLargeWithTheWholeValueKept() {
        ObjectNode r = goodReport("pad", "2025-11-20T06:00:00Z");
        r.put("padding", "p".repeat(ReportParser.MAX_REPORT_BYTES));
        assertDeadLettered("too_large", "pad", r.toString());
    }

    // --- tombstones (retractions) ---

    @Test
    void shouldCancelTheAlertOfARetractedIncidentAndStillProcessTheNextReport() {
        pipeGood(BEFORE, "2025-11-20T00:00:00Z");
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20"), TopologyHarness.keys(
                harness.alerts().stream().filter(a -> a.content().ruleId().equals("foreign-workers-killed")).toList()));
        pipe(utf8(BEFORE), null);
        List<Alert> afterRetraction = harness.alerts();
        assertEquals(List.of("Cancel foreign-workers-killed/tj-panj/2025-11-20"), TopologyHarness.keys(
                afterRetraction.stream().filter(a -> a.content().ruleId().equals("foreign-workers-killed")).toList()));
        pipeGood(AFTER, "2025-11-21T00:00:00Z");
        List<Alert> next = harness.alerts().stream().filter(a -> a.content().ruleId().equals("foreign-workers-killed"))
                .toList();
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-21"), TopologyHarness.keys(next));
        assertEquals(List.of(AFTER), next.get(0).content().incidentIds(),
                "the retracted incident is no longer evidence");
        assertEquals(List.of(), harness.deadLetters(), "a retraction is not a dead letter");
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.retracted", "known", "true"));
    }

    @Test
    void shouldHoldTheCountOnlyUpdateOfAnAlertThatStillHoldsWhenOneOfItsIncidentsIsRetracted() {
        pipeGood(BEFORE, "2025-11-20T00:00:00Z");
        pipeGood("middle", "2025-11-20T12:00:00Z");
        harness.alerts();
        pipe(utf8("middle"), null);
        // Only the count fell, within six hours (event time) of the last message: held, not lost.
        assertEquals(List.of(), killed(harness.alerts()));
        assertEquals(1.0, harness.metrics.count("frontierwatch.alert.changes.coalesced", "rule",
                "foreign-workers-killed"));
        assertEquals(1.0, harness.metrics.gauge("frontierwatch.alerts.pending", "rule", "foreign-workers-killed"));
        // A quiet input: the wall-clock bound (the update interval after the change was held) sends it.
        harness.driver.advanceWallClockTime(Duration.ofHours(6));
        List<Alert> flushed = killed(harness.alerts());
        assertEquals(List.of("Update foreign-workers-killed/tj-panj/2025-11-20"), TopologyHarness.keys(flushed));
        assertEquals(List.of(BEFORE), flushed.get(0).content().incidentIds());
        assertEquals(0.0, harness.metrics.gauge("frontierwatch.alerts.pending", "rule", "foreign-workers-killed"));
        pipeGood(AFTER, "2025-11-21T00:00:00Z");
        Alert last = killed(harness.alerts()).stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(MsgType.Update, last.msgType());
        assertEquals(List.of(BEFORE, AFTER), last.content().incidentIds());
        assertEquals(List.of(), harness.deadLetters());
    }

    private static List<Alert> killed(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.content().ruleId().equals("foreign-workers-killed")).toList();
    }

    @Test
    void shouldCountATombstoneForAnUnknownIncidentAndEmitNothing() {
        pipeGood(BEFORE, "2025-11-20T00:00:00Z");
        List<Alert> first = harness.alerts();
        pipe(utf8("never-seen"), null);
        assertEquals(List.of(), harness.alerts(), "nothing emitted for the tombstone");
        assertEquals(List.of(), harness.deadLetters());
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.retracted", "known", "false"));
        pipeGood(AFTER, "2025-11-21T00:00:00Z");
        List<Alert> all = new ArrayList<>(first);
        all.addAll(harness.alerts());
        assertNeighboursAlerted(all);
    }

    @Test
    void shouldDeadLetterATombstoneWithoutAKeyAsMissingKey() {
        assertDeadLettered("missing_key", (byte[]) null, (byte[]) null);
    }
}
