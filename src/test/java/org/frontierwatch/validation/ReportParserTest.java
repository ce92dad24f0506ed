package org.frontierwatch.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ReportParserTest {

    static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");
    private final ReportParser parser = new ReportParser(ValidationPolicy.DEFAULT);

    private IncidentReport parse(String json) throws ReportValidationException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private RejectReason reasonFor(byte[] bytes) {
        return assertThrows(ReportValidationException.class, () -> parser.parse(bytes, NOW)).reason();
    }

    private RejectReason reasonFor(String json) {
        return reasonFor(json.getBytes(StandardCharsets.UTF_8));
    }

    private RejectReason reasonWith(Map<String, Object> fields) {
        return reasonFor(Fixtures.with(Fixtures.report("r", "2025-11-26T12:00:00Z"), fields).toString());
    }

    private RejectReason reasonWithout(String field) {
        ObjectNode r = Fixtures.report("r", "2025-11-26T12:00:00Z");
        r.remove(field);
        return reasonFor(r.toString());
    }

    @Test
    void shouldParseAFullReportAndApplyDefaults() throws Exception {
        IncidentReport r = parse(Fixtures.seedReports().get(0));
        assertEquals("TJK-2025-0001", r.id());
        assertEquals(1, r.revision());
        assertEquals(Instant.parse("2025-11-26T12:00:00Z"), r.occurredAt());
        assertEquals("Air/drone strike", r.subEventType());
        assertEquals(List.of("CN"), r.victimNationalities());
        assertEquals(true, r.crossBorder());
        IncidentReport minimal = parse(
                "{\"id\":\"m\",\"occurred_at\":\"2025-11-26T12:00:00+05:00\",\"event_type\":\"Riots\","
                + "\"country\":\"tj\",\"site_id\":\"s\",\"unknown_field\":{\"x\":1}}");
        assertEquals(0, minimal.fatalities());
        assertEquals(1, minimal.revision());
        assertEquals("TJ", minimal.country(), "upper-cased");
        assertEquals(Instant.parse("2025-11-26T07:00:00Z"), minimal.occurredAt(), "offset converted");
    }

    @Test
    void shouldRejectWhatIsNotJson() {
        assertEquals(RejectReason.INVALID_JSON, reasonFor("{\"id\":\"trunc"));
        assertEquals(RejectReason.INVALID_JSON, reasonFor(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3,
                (byte) 0x28, '"', '}'}));
        assertEquals(RejectReason.INVALID_JSON, reasonFor(new byte[] {(byte) 0x9f, 0x01, (byte) 0xee, 0x00}));
        assertEquals(RejectReason.INVALID_JSON, reasonWithNumberLiteral("NaN"));
        assertEquals(RejectReason.INVALID_JSON, reasonWithNumberLiteral("Infinity"));
        assertEquals(RejectReason.NOT_AN_OBJECT, reasonFor("[1,2]"));
        assertEquals(RejectReason.NOT_AN_OBJECT, reasonFor("\"text\""));
        assertEquals(RejectReason.NOT_AN_OBJECT, reasonFor(""));
    }

    private RejectReason reasonWithNumberLiteral(String literal) {
        String json = Fixtures.report("r", "2025-11-26T12:00:00Z").toString()
                .replace("\"fatalities\":0", "\"fatalities\":" + literal);
        return reasonFor(json);
    }

    @Test
    void shouldRejectDeeplyNestedJsonWithoutOverflowingTheStack() {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);
        assertEquals(RejectReason.INVALID_JSON, reasonFor("{\"id\":\"r\",\"notes\":" + nested + "}"));
    }

    @Test
    void shouldRejectMissingRequiredFields() {
        for (String field : List.of("id", "occurred_at", "event_type", "country")) {
            assertEquals(RejectReason.MISSING_FIELD, reasonWithout(field), field);
        }
        assertEquals(RejectReason.MISSING_LOCATION, reasonWithout("admin2"));
    }

    @Test
    void shouldRejectWrongTypes() {
        assertEquals(RejectReason.WRONG_TYPE, reasonWith(Map.of("fatalities", "3")));
        assertEquals(RejectReason.WRONG_TYPE, reasonWith(Map.of("fatalities", 2.5)));
        assertEquals(RejectReason.WRONG_TYPE, reasonWith(Map.of("latitude", "37.9")));
        assertEquals(RejectReason.WRONG_TYPE, reasonWith(Map.of("victim_nationalities", "CN")));
        assertEquals(RejectReason.WRONG_TYPE, reasonWith(Map.of("id", 42)));
    }

    @Test
    void shouldRejectUnknownEventAndSubEventTypes() {
        assertEquals(RejectReason.UNKNOWN_EVENT_TYPE, reasonWith(Map.of("event_type", "Earthquake")));
        assertEquals(RejectReason.UNKNOWN_SUB_EVENT_TYPE, reasonWith(Map.of("event_type", "Protests", "sub_event_type",
                "Armed clash")));
        assertEquals(RejectReason.UNKNOWN_SUB_EVENT_TYPE, reasonWith(Map.of("sub_event_type", "Alien landing")));
    }

    @Test
    void shouldRejectNegativeCountsAndCoordinatesOutOfRange() {
        assertEquals(RejectReason.NEGATIVE_VALUE, reasonWith(Map.of("fatalities", -1)));
        assertEquals(RejectReason.NEGATIVE_VALUE, reasonWith(Map.of("injured", -2)));
        assertEquals(RejectReason.COORDINATES_OUT_OF_RANGE, reasonWith(Map.of("latitude", 91)));
        assertEquals(RejectReason.COORDINATES_OUT_OF_RANGE, reasonWith(Map.of("longitude", -181)));
    }

    @Test
    void shouldRejectTimestampsInTheFutureBeyondTheSkewOrAbsurdlyOld() throws Exception {
        assertEquals(RejectReason.FUTURE_TIMESTAMP, reasonWith(Map.of("occurred_at", "2025-12-10T00:11:00Z")));
        assertEquals(RejectReason.FUTURE_TIMESTAMP, reasonWith(Map.of("occurred_at", "2100-01-01T00:00:00Z")));
        assertEquals(Instant.parse("2025-12-10T00:05:00Z"),
                parse(Fixtures.report("r", "2025-12-10T00:05:00Z").toString()).occurredAt(), "within the clock skew");
        assertEquals(RejectReason.TOO_OLD, reasonWith(Map.of("occurred_at", "1969-12-31T23:59:59Z")));
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("occurred_at", "2025-11-26")));
    }

    @Test
    void shouldRejectInvalidValues() {
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("revision", 0)));
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("geo_precision", 4)));
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("country", "CHN")));
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("victim_nationalities", List.of("C1"))));
        assertEquals(RejectReason.INVALID_VALUE, reasonWith(Map.of("id", " ")));
    }

    @Test
    void shouldKeepMessagesShortAndOnOneLine() {
        ReportValidationException e = assertThrows(ReportValidationException.class, () ->
                parse(Fixtures.with(Fixtures.report("r", "2025-11-26T12:00:00Z"),
                        Map.of("event_type", "x\n".repeat(500))).toString()));
        assertEquals(-1, e.getMessage().indexOf('\n'));
        assertEquals(true, e.getMessage().length() < 300, e.getMessage());
    }
}
