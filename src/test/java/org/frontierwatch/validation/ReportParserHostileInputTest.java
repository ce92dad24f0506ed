package org.frontierwatch.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The parser's size, encoding and length bounds: each hostile input has one fixed reject reason. */
class ReportParserHostileInputTest {

    private static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");
    private final ReportParser parser = new ReportParser(ValidationPolicy.DEFAULT);

    private static ObjectNode base() {
        return Fixtures.report("TJK-H-1", "2025-11-26T12:00:00Z");
    }

    private ReportValidationException rejection(byte[] bytes) {
        return assertThrows(ReportValidationException.class, () -> parser.parse(bytes, NOW));
    }

    private ReportValidationException rejection(ObjectNode report) {
        return rejection(report.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectAReportLargerThanTheByteLimitAsTooLargeBeforeDecodingIt() {
        byte[] big = new byte[ReportParser.MAX_REPORT_BYTES + 1];
        Arrays.fill(big, (byte) 0xff); // not even UTF-8: the size check comes first
        ReportValidationException e = rejection(big);
        assertEquals(RejectReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains(Integer.toString(big.length)), e.getMessage());
    }

    @Test
    void shouldAcceptAReportOfExactlyTheByteLimit() {
        ObjectNode r = base();
        r.put("padding", "");
        int missing = ReportParser.MAX_REPORT_BYTES - r.toString().getBytes(StandardCharsets.UTF_8).length;
        r.put("padding", "x".repeat(missing)); // unknown fields are ignored, but count towards the size
        byte[] bytes = r.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(ReportParser.MAX_REPORT_BYTES, bytes.length);
        assertDoesNotThrow(() -> parser.parse(bytes, NOW));
    }

    @Test
    void shouldRejectAUtf16EncodedReportAsInvalidJsonBecauseTheContractIsUtf8() {
        byte[] utf16 = base().toString().getBytes(StandardCharsets.UTF_16);
        ReportValidationException e = rejection(utf16);
        assertEquals(RejectReason.INVALID_JSON, e.reason());
        assertTrue(e.getMessage().startsWith("not UTF-8"), e.getMessage());
    }

    @Test
    void shouldRejectAnEncodedSurrogateInsideAStringAsInvalidJsonWithItsOffset() {
        byte[] json = "{\"id\":\"TJK-H-1\",\"notes\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[json.length + 3];
        int at = 25; // inside the notes string
        System.arraycopy(json, 0, bad, 0, at);
        bad[at] = (byte) 0xed; // U+D800 encoded as if it were a character (CESU-8), which UTF-8 forbids
        bad[at + 1] = (byte) 0xa0;
        bad[at + 2] = (byte) 0x80;
        System.arraycopy(json, at, bad, at + 3, json.length - at);
        ReportValidationException e = rejection(bad);
        assertEquals(RejectReason.INVALID_JSON, e.reason());
        assertEquals("not UTF-8: invalid byte sequence at offset 25", e.getMessage());
    }

    @Test
    void shouldRejectTenThousandLevelsOfNestingAsInvalidJsonWithoutOverflowingTheStack() {
        String deep = "{\"id\":\"x\",\"notes\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        ReportValidationException e = assertDoesNotThrow(() -> rejection(deep.getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.INVALID_JSON, e.reason());
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void shouldRejectAnArrayOverTheListBoundAsInvalidValue() {
        ObjectNode r = Fixtures.with(base(), Map.of("actors",
                Collections.nCopies(ReportParser.MAX_LIST_SIZE + 1, "a")));
        ReportValidationException e = rejection(r);
        assertEquals(RejectReason.INVALID_VALUE, e.reason());
        assertTrue(e.getMessage().contains("at most 1000"), e.getMessage());
    }

    @Test
    void shouldRejectOverlongFreeTextAndNamesAsInvalidValue() {
        for (String field : new String[] {"notes", "source"}) {
            ReportValidationException e = rejection(Fixtures.with(base(),
                    Map.of(field, "n".repeat(ReportParser.MAX_FREE_TEXT_LENGTH + 1))));
            assertEquals(RejectReason.INVALID_VALUE, e.reason(), field);
            assertTrue(e.getMessage().startsWith("'" + field + "' is 10001 characters long"), e.getMessage());
        }
        for (String field : new String[] {"admin1", "admin2", "site_id", "origin_admin1"}) {
            ReportValidationException e = rejection(Fixtures.with(base(),
                    Map.of(field, "d".repeat(ReportParser.MAX_TEXT_LENGTH + 1))));
            assertEquals(RejectReason.INVALID_VALUE, e.reason(), field);
        }
        ReportValidationException actor = rejection(Fixtures.with(base(),
                Map.of("actors", List.of("ok", "a".repeat(ReportParser.MAX_TEXT_LENGTH + 1)))));
        assertEquals(RejectReason.INVALID_VALUE, actor.reason());
    }

    @Test
    void shouldAcceptTextAtTheLengthLimits() throws ReportValidationException {
        IncidentReport r = parser.parse(Fixtures.with(base(), Map.of(
                "notes", "n".repeat(ReportParser.MAX_FREE_TEXT_LENGTH),
                "admin2", "Panj" + " ".repeat(ReportParser.MAX_TEXT_LENGTH - 4))).toString()
                .getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals(ReportParser.MAX_FREE_TEXT_LENGTH, r.notes().length());
    }

    @Test
    void shouldRejectNonNumericNumbersAsInvalidJson() {
        for (String token : new String[] {"NaN", "Infinity", "-Infinity"}) {
            String json = base().toString().replace("\"fatalities\":0", "\"fatalities\":" + token);
            ReportValidationException e = rejection(json.getBytes(StandardCharsets.UTF_8));
            assertEquals(RejectReason.INVALID_JSON, e.reason(), token + ": " + e.getMessage());
        }
    }

    @Test
    void shouldRejectAnOverflowingCoordinateAsOutOfRangeAndAnOverlongNumberAsInvalidJson() {
        String overflow = base().toString().replace("\"fatalities\":0", "\"latitude\":1e400");
        assertEquals(RejectReason.COORDINATES_OUT_OF_RANGE, rejection(overflow.getBytes(StandardCharsets.UTF_8))
                .reason());
        String longNumber = base().toString().replace("\"fatalities\":0", "\"fatalities\":" + "9".repeat(100));
        assertEquals(RejectReason.INVALID_JSON, rejection(longNumber.getBytes(StandardCharsets.UTF_8)).reason());
        String bigInt = base().toString().replace("\"fatalities\":0", "\"fatalities\":99999999999");
        assertEquals(RejectReason.WRONG_TYPE, rejection(bigInt.getBytes(StandardCharsets.UTF_8)).reason());
    }

    @Test
    void shouldRoundTripAnExtremeButValidReportedAtThroughTheStateSerde() throws Exception {
        IncidentReport r = parser.parse(Fixtures.with(base(), Map.of("reported_at", "+999999999-12-31T23:59:59Z"))
                .toString().getBytes(StandardCharsets.UTF_8), NOW);
        byte[] stored = Json.mapper().writeValueAsBytes(r);
        assertEquals(r, Json.mapper().readValue(stored, IncidentReport.class));
    }

    @Test
    void shouldDecodeOnlyWellFormedUtf8KeysSoGarbledKeysNameNoIncident() {
        assertEquals("TJK-2025-0001", ReportParser.decodeKey("TJK-2025-0001".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Šohin-1", ReportParser.decodeKey("Šohin-1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, ReportParser.decodeKey(new byte[] {'i', 'd', (byte) 0xff}));
        assertEquals(null, ReportParser.decodeKey("id".getBytes(StandardCharsets.UTF_16)));
    }
}
