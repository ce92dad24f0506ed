package org.frontierwatch.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * ReportParser.parse(bytes, now) with the default policy: what it accepts, and each reject reason it produces,
 * asserted through the reason code written to the dead-letter header.
 */
class ReportParserRejectReasonTest {

    private static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");
    private static final String OCCURRED = "2025-11-26T12:00:00Z";

    private final ReportParser parser = new ReportParser(ValidationPolicy.DEFAULT);

    private static ObjectNode base() {
        return Fixtures.report("TJK-T-1", OCCURRED);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private IncidentReport parse(String json) throws ReportValidationException {
        return parser.parse(utf8(json), NOW);
    }

    private ReportValidationException rejection(byte[] bytes) {
        return assertThrows(ReportValidationException.class, () -> parser.parse(bytes, NOW));
    }

    private void assertRejected(String expectedCode, byte[] bytes) {
        ReportValidationException e = rejection(bytes);
        assertEquals(expectedCode, e.reason().code(), () -> "detail: " + e.getMessage());
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a reject carries a detail");
    }

    private void assertRejected(String expectedCode, String json) {
        assertRejected(expectedCode, utf8(json));
    }

    private void assertRejectedWith(String expectedCode, Map<String, Object> fields) {
        assertRejected(expectedCode, Fixtures.with(base(), fields).toString());
    }

    private void assertRejectedWithout(String expectedCode, String field) {
        ObjectNode r = base();
        r.remove(field);
        assertRejected(expectedCode, r.toString());
    }

    private static String withRawValue(String field, String rawJsonValue) {
        ObjectNode r = base();
        r.remove(field);
        String json = r.toString();
        return json.substring(0, json.length() - 1) + ",\"" + field + "\":" + rawJsonValue + "}";
    }

    // --- accepted reports ---

    @Test
    void shouldParseAFullReportWithEveryField() throws Exception {
        String json = """
                {"id":"TJK-2025-0001","revision":2,"occurred_at":"2025-11-26T12:00:00Z",
                 "reported_at":"2025-11-27T06:00:00Z","event_type":"Explosions/Remote violence",
                 "sub_event_type":"Air/drone strike","country":"tj","admin1":"Khatlon","admin2":"Shohin",
                 "site_id":"tj-shohin-sm-compound","latitude":37.95,"longitude":-70.12,"geo_precision":2,
                 "fatalities":3,"injured":1,"victim_nationalities":["cn","CN","ru"],"origin_country":"af",
                 "origin_admin1":"Badakhshan","actors":["Unidentified armed group","Civilians (China)"],
                 "source":"officials","notes":"drone-borne explosive"}
                """;
        IncidentReport r = parse(json);
        assertEquals("TJK-2025-0001", r.id());
        assertEquals(2, r.revision());
        assertEquals(Instant.parse("2025-11-26T12:00:00Z"), r.occurredAt());
        assertEquals(Instant.parse("2025-11-27T06:00:00Z"), r.reportedAt());
        assertEquals("Explosions/Remote violence", r.eventType());
        assertEquals("Air/drone strike", r.subEventType());
        assertEquals("TJ", r.country(), "country is upper-cased");
        assertEquals("Khatlon", r.admin1());
        assertEquals("Shohin", r.admin2());
        assertEquals("tj-shohin-sm-compound", r.siteId());
        assertEquals(37.95, r.latitude());
        assertEquals(-70.12, r.longitude());
        assertEquals(2, r.geoPrecision());
        assertEquals(3, r.fatalities());
        assertEquals(1, r.injured());
        assertEquals(List.of("CN", "RU"), r.victimNationalities(), "upper-cased, duplicates dropped, order kept");
        assertEquals("AF", r.originCountry());
        assertEquals("Badakhshan", r.originAdmin1());
        assertEquals(List.of("Unidentified armed group", "Civilians (China)"), r.actors());
        assertEquals("officials", r.source());
        assertEquals("drone-borne explosive", r.notes());
        assertTrue(r.crossBorder());
    }

    @Test
    void shouldApplyDefaultsWhenOptionalFieldsAreAbsent() throws Exception {
        IncidentReport r = parse("{\"id\":\"m1\",\"occurred_at\":\"" + OCCURRED + "\",\"event_type\":\"Riots\","
                + "\"country\":\"tj\",\"site_id\":\"s1\"}");
        assertEquals(1, r.revision(), "revision defaults to 1");
        assertEquals(0, r.fatalities(), "fatalities default to 0");
        assertEquals("TJ", r.country(), "country is upper-cased");
        assertNull(r.injured());
        assertNull(r.subEventType());
        assertNull(r.admin2());
        assertNull(r.reportedAt());
        assertNull(r.latitude());
        assertEquals(List.of(), r.victimNationalities());
        assertEquals(List.of(), r.actors());
        assertFalse(r.crossBorder());
    }

    @Test
    void shouldIgnoreUnknownFields() throws Exception {
        IncidentReport r = parse(Fixtures.with(base(), Map.of(
                "confidence", "high",
                "extra", Map.of("nested", List.of(1, 2, Map.of("deep", true))),
                "tags", List.of("a", 1, false))).toString());
        assertEquals("TJK-T-1", r.id());
        assertEquals("Panj", r.admin2());
    }

    @Test
    void shouldConvertAnOccurredAtWithAnOffsetToTheRightInstant() throws Exception {
        assertEquals(Instant.parse("2025-11-26T07:00:00Z"),
                parse(Fixtures.with(base(), Map.of("occurred_at", "2025-11-26T12:00:00+05:00")).toString())
                        .occurredAt());
        assertEquals(Instant.parse("2025-11-26T15:30:00Z"),
                parse(Fixtures.with(base(), Map.of("occurred_at", "2025-11-26T12:00:00-03:30")).toString())
                        .occurredAt());
    }

    @Test
    void shouldAcceptATimestampFiveMinutesAheadAndExactlyAtTheClockSkew() throws Exception {
        Instant fiveAhead = NOW.plus(Duration.ofMinutes(5));
        assertEquals(fiveAhead, parse(Fixtures.report("f5", fiveAhead.toString()).toString()).occurredAt());
        Instant atSkew = NOW.plus(ValidationPolicy.DEFAULT.clockSkew());
        assertEquals(atSkew, parse(Fixtures.report("f10", atSkew.toString()).toString()).occurredAt());
    }

    @Test
    void shouldAcceptTheEarliestAllowedTimestamp() throws Exception {
        assertEquals(Instant.parse("1990-01-01T00:00:00Z"),
                parse(Fixtures.report("old", "1990-01-01T00:00:00Z").toString()).occurredAt());
    }

    // --- invalid_json / not_an_object ---

    @Test
    void shouldRejectTruncatedJsonAsInvalidJson() {
        String full = base().toString();
        assertRejected("invalid_json", full.substring(0, full.length() / 2));
        assertRejected("invalid_json", full.substring(0, full.length() - 1));
        assertRejected("invalid_json", "{\"id\":\"trunc");
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8AsInvalidJson() {
        String json = base().toString().replace("\"Panj\"", "\"Panj@\"");
        byte[] bytes = utf8(json);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '@') {
                bytes[i] = (byte) 0xE9; // 'é' in ISO-8859-1, an unfinished three-byte sequence in UTF-8
            }
        }
        assertRejected("invalid_json", bytes);
        assertRejected("invalid_json", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
                '}'});
        assertRejected("invalid_json", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"',
                '}'});
    }

    @Test
    void shouldRejectRandomBytesAsInvalidJson() {
        assertRejected("invalid_json", new byte[] {(byte) 0x9F, 0x01, (byte) 0xEE, 0x00, 0x7F, (byte) 0xC0});
        assertRejected("invalid_json", new byte[] {0x00, 0x01, 0x02, 0x03, 0x04});
    }

    @Test
    void shouldRejectRandomBytesWithADeadLetterReasonAndNeverAnotherException() {
        Random random = new Random(20251126L);
        for (int n = 0; n < 2000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            try {
                parser.parse(bytes, NOW);
                fail("random bytes accepted: " + HexFormat.of().formatHex(bytes));
            } catch (ReportValidationException e) {
                assertTrue(Set.of(RejectReason.INVALID_JSON, RejectReason.NOT_AN_OBJECT).contains(e.reason()),
                        e.reason() + " for " + HexFormat.of().formatHex(bytes));
            } catch (RuntimeException | Error e) {
                throw new AssertionError("unexpected " + e + " for " + HexFormat.of().formatHex(bytes), e);
            }
        }
    }

    @Test
    void shouldRejectTheNaNAndInfinityLiteralsAsInvalidJson() {
        assertRejected("invalid_json", withRawValue("fatalities", "NaN"));
        assertRejected("invalid_json", withRawValue("latitude", "NaN"));
        assertRejected("invalid_json", withRawValue("longitude", "-Infinity"));
    }

    /** "{...} garbage" is not a JSON document; the docs dead-letter whatever is "not JSON". */
    @Test
    void shouldRejectContentAfterTheReportObjectAsInvalidJson() {
        String valid = base().toString();
        List<String> accepted = new ArrayList<>();
        for (String input : List.of(valid + " trailing garbage", valid + "]", valid + valid)) {
            try {
                parser.parse(utf8(input), NOW);
                accepted.add(input);
            } catch (ReportValidationException e) {
                assertEquals("invalid_json", e.reason().code(), input);
            }
        }
        assertEquals(List.of(), accepted, "accepted despite trailing content");
    }

    @Test
    void shouldRejectDeeplyNestedJsonAsInvalidJsonWithoutAStackOverflow() {
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        assertRejected("invalid_json", withRawValue("notes", arrays));
        assertRejected("invalid_json", "{\"id\":\"r\",\"extra\":" + arrays + "}");
        String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertRejected("invalid_json", withRawValue("extra", objects));
    }

    @Test
    void shouldRejectJsonThatIsNotAnObject() {
        assertRejected("not_an_object", "[" + base() + "]");
        assertRejected("not_an_object", "[]");
        assertRejected("not_an_object", "\"a report\"");
        assertRejected("not_an_object", "42");
        assertRejected("not_an_object", "null");
        assertRejected("not_an_object", "");
    }

    // --- missing_field / wrong_type ---

    @Test
    void shouldRejectEachMissingRequiredField() {
        for (String field : List.of("id", "occurred_at", "event_type", "country")) {
            assertRejectedWithout("missing_field", field);
            assertRejected("missing_field", withRawValue(field, "null"));
        }
    }

    @Test
    void shouldRejectFieldsOfTheWrongType() {
        assertRejectedWith("wrong_type", Map.of("fatalities", "3"));
        assertRejectedWith("wrong_type", Map.of("fatalities", 2.5));
        assertRejectedWith("wrong_type", Map.of("latitude", "37.9"));
        assertRejectedWith("wrong_type", Map.of("longitude", List.of(69.1)));
        assertRejectedWith("wrong_type", Map.of("victim_nationalities", "CN"));
        assertRejectedWith("wrong_type", Map.of("victim_nationalities", Map.of("code", "CN")));
        assertRejectedWith("wrong_type", Map.of("victim_nationalities", List.of("CN", 7)));
        assertRejectedWith("wrong_type", Map.of("id", 42));
        assertRejectedWith("wrong_type", Map.of("occurred_at", 1764158400000L));
        assertRejectedWith("wrong_type", Map.of("revision", "2"));
    }

    // --- taxonomy ---

    @Test
    void shouldRejectAnUnknownEventType() {
        assertRejectedWith("unknown_event_type", Map.of("event_type", "Earthquake"));
        assertRejectedWith("unknown_event_type", Map.of("event_type", ""));
    }

    @Test
    void shouldRejectASubEventTypeOfAnotherEventType() {
        assertRejectedWith("unknown_sub_event_type", Map.of("event_type", "Protests", "sub_event_type", "Armed clash"));
        assertRejectedWith("unknown_sub_event_type", Map.of("event_type", "Battles", "sub_event_type", "Attack"));
        assertRejectedWith("unknown_sub_event_type", Map.of("sub_event_type", "Alien landing"));
    }

    // --- numbers and places ---

    @Test
    void shouldRejectNegativeCounts() {
        assertRejectedWith("negative_value", Map.of("fatalities", -1));
        assertRejectedWith("negative_value", Map.of("injured", -2));
    }

    @Test
    void shouldRejectCoordinatesOutOfRange() {
        assertRejectedWith("coordinates_out_of_range", Map.of("latitude", 91));
        assertRejectedWith("coordinates_out_of_range", Map.of("latitude", -90.5));
        assertRejectedWith("coordinates_out_of_range", Map.of("longitude", -181));
        assertRejectedWith("coordinates_out_of_range", Map.of("longitude", 180.01));
    }

    @Test
    void shouldAcceptCoordinatesOnTheLimits() throws Exception {
        IncidentReport r = parse(Fixtures.with(base(), Map.of("latitude", -90, "longitude", 180)).toString());
        assertEquals(-90.0, r.latitude());
        assertEquals(180.0, r.longitude());
    }

    @Test
    void shouldRejectAReportWithNeitherDistrictNorSite() {
        assertRejectedWithout("missing_location", "admin2");
        assertRejectedWith("missing_location", Map.of("admin2", "   "));
        assertRejectedWith("missing_location", Map.of("admin2", "", "site_id", " "));
    }

    // --- time ---

    @Test
    void shouldRejectATimestampBeyondTheClockSkew() {
        assertRejectedWith("future_timestamp", Map.of("occurred_at", NOW.plus(Duration.ofMinutes(10)).plusSeconds(1)
                .toString()));
        assertRejectedWith("future_timestamp", Map.of("occurred_at", "2025-12-10T00:11:00Z"));
        assertRejectedWith("future_timestamp", Map.of("occurred_at", "2100-01-01T00:00:00Z"));
    }

    @Test
    void shouldRejectATimestampBefore1990() {
        assertRejectedWith("too_old", Map.of("occurred_at", "1969-07-20T20:17:00Z"));
        assertRejectedWith("too_old", Map.of("occurred_at", "1989-12-31T23:59:59Z"));
    }

    // --- invalid_value ---

    @Test
    void shouldRejectARevisionBelowOne() {
        assertRejectedWith("invalid_value", Map.of("revision", 0));
        assertRejectedWith("invalid_value", Map.of("revision", -3));
    }

    @Test
    void shouldRejectAGeoPrecisionOutsideOneToThree() {
        assertRejectedWith("invalid_value", Map.of("geo_precision", 4));
        assertRejectedWith("invalid_value", Map.of("geo_precision", 0));
    }

    @Test
    void shouldRejectCountryCodesThatAreNotIsoAlpha2() {
        assertRejectedWith("invalid_value", Map.of("country", "CHN"));
        assertRejectedWith("invalid_value", Map.of("country", "C1"));
        assertRejectedWith("invalid_value", Map.of("country", ""));
        assertRejectedWith("invalid_value", Map.of("victim_nationalities", List.of("CN", "China")));
        assertRejectedWith("invalid_value", Map.of("origin_country", "AFG"));
    }

    @Test
    void shouldRejectAnOccurredAtThatIsNotAnInstant() {
        assertRejectedWith("invalid_value", Map.of("occurred_at", "2025-11-26"));
        assertRejectedWith("invalid_value", Map.of("occurred_at", "2025-11-26T12:00:00"));
        assertRejectedWith("invalid_value", Map.of("occurred_at", "26/11/2025 12:00"));
        assertRejectedWith("invalid_value", Map.of("reported_at", "yesterday"));
    }

    @Test
    void shouldRejectABlankOrOverlongId() {
        assertRejectedWith("invalid_value", Map.of("id", " "));
        assertRejectedWith("invalid_value", Map.of("id", "x".repeat(257)));
    }

    @Test
    void shouldKeepTheDetailOnOneShortLineWhateverTheInput() {
        ReportValidationException e = rejection(utf8(Fixtures.with(base(),
                Map.of("event_type", "Earth\nquake\u0000".repeat(200))).toString()));
        assertEquals(RejectReason.UNKNOWN_EVENT_TYPE, e.reason());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }
}
