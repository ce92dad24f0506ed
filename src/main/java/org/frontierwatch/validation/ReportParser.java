package org.frontierwatch.validation;

import static org.frontierwatch.validation.RejectReason.COORDINATES_OUT_OF_RANGE;
import static org.frontierwatch.validation.RejectReason.FUTURE_TIMESTAMP;
import static org.frontierwatch.validation.RejectReason.INVALID_JSON;
import static org.frontierwatch.validation.RejectReason.INVALID_VALUE;
import static org.frontierwatch.validation.RejectReason.MISSING_FIELD;
import static org.frontierwatch.validation.RejectReason.MISSING_LOCATION;
import static org.frontierwatch.validation.RejectReason.NEGATIVE_VALUE;
import static org.frontierwatch.validation.RejectReason.NOT_AN_OBJECT;
import static org.frontierwatch.validation.RejectReason.TOO_LARGE;
import static org.frontierwatch.validation.RejectReason.TOO_OLD;
import static org.frontierwatch.validation.RejectReason.UNKNOWN_EVENT_TYPE;
import static org.frontierwatch.validation.RejectReason.UNKNOWN_SUB_EVENT_TYPE;
import static org.frontierwatch.validation.RejectReason.WRONG_TYPE;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.serde.Json;
import org.frontierwatch.text.LogSafe;

/**
 * Turns the raw bytes of an incident report into a validated {@link IncidentReport}, or says precisely why not.
 * Pure: no Kafka types, no clock of its own (the caller passes "now"). One class for the whole report format: its
 * length is one check per field, each with the reject reason and message docs/data-formats.md documents.
 */
public final class ReportParser {

    static final int MAX_ID_LENGTH = 256;
    /**
     * Largest report accepted, in bytes. Checked before anything is decoded. An accepted report travels on as the
     * old and new version of a change (repartition topic) and into state-store changelogs, all of which must stay
     * well below the broker's 1 MB default record limit; real reports are a few KB.
     */
    public static final int MAX_REPORT_BYTES = 64 * 1024;
    /** Most elements accepted in {@code victim_nationalities} and in {@code actors}. */
    public static final int MAX_LIST_SIZE = 1000;
    /** Longest name-like string accepted (district, province, site id, each actor), in characters. */
    public static final int MAX_TEXT_LENGTH = 256;
    /** Longest free text accepted ({@code source}, {@code notes}), in characters. */
    public static final int MAX_FREE_TEXT_LENGTH = 10_000;
    private final ObjectMapper mapper = Json.mapper();
    private final ValidationPolicy policy;

    public ReportParser(ValidationPolicy policy) {
        this.policy = policy;
    }

    public IncidentReport parse(byte[] value, Instant now) throws ReportValidationException {
        if (value.length > MAX_REPORT_BYTES) {
            throw new ReportValidationException(TOO_LARGE, "the report is " + value.length + " bytes; at most "
                    + MAX_REPORT_BYTES + " are accepted");
        }
        JsonNode root;
        try {
            root = mapper.readTree(strictUtf8(value));
        } catch (JacksonException e) {
            throw new ReportValidationException(INVALID_JSON, "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ReportValidationException(INVALID_JSON, "not readable: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ReportValidationException(NOT_AN_OBJECT, "a report must be a JSON object");
        }
        return validate(root, now);
    }

    /**
     * The incident id a record key carries, or null when the key is not well-formed UTF-8. Lenient decoding would
     * turn every malformed byte into U+FFFD, so that different keys ("id\xff", "id\xfe") would name the same
     * incident, and a tombstone with a garbled key could retract one it does not name.
     */
    public static String decodeKey(byte[] key) {
        try {
            return strictUtf8(key);
        } catch (ReportValidationException e) {
            return null;
        }
    }

    /**
     * Decodes strictly: Jackson on raw bytes would also accept UTF-16 and UTF-32 (it sniffs the encoding) and lets
     * some malformed sequences through, but the contract is UTF-8.
     */
    private static String strictUtf8(byte[] value) throws ReportValidationException {
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new ReportValidationException(INVALID_JSON, "not UTF-8: invalid byte sequence at offset "
                    + in.position());
        }
    }

    IncidentReport validate(JsonNode root, Instant now) throws ReportValidationException {
        String id = requiredText(root, "id");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new ReportValidationException(INVALID_VALUE, "id must be 1-" + MAX_ID_LENGTH + " characters");
        }
        int revision = optionalInt(root, "revision", 1);
        if (revision < 1) {
            throw new ReportValidationException(INVALID_VALUE, "revision must be 1 or more, was " + revision);
        }
        Instant occurredAt = instant(root, "occurred_at", true);
        if (occurredAt.isAfter(now.plus(policy.clockSkew()))) {
            throw new ReportValidationException(FUTURE_TIMESTAMP, "occurred_at " + occurredAt
                    + " is in the future (now " + now + ", allowed clock skew " + policy.clockSkew() + ")");
        }
        if (occurredAt.isBefore(policy.earliestOccurredAt())) {
            throw new ReportValidationException(TOO_OLD, "occurred_at " + occurredAt + " is before "
                    + policy.earliestOccurredAt());
        }
        Instant reportedAt = instant(root, "reported_at", false);

        String eventType = requiredText(root, "event_type");
        if (!AcledTaxonomy.isEventType(eventType)) {
            throw new ReportValidationException(UNKNOWN_EVENT_TYPE, "event_type '" + clip(eventType)
                    + "' is not one of " + AcledTaxonomy.eventTypes());
        }
        String subEventType = optionalText(root, "sub_event_type");
        if (subEventType != null && !AcledTaxonomy.isSubEventTypeOf(eventType, subEventType)) {
            throw new ReportValidationException(UNKNOWN_SUB_EVENT_TYPE, "sub_event_type '" + clip(subEventType)
                    + "' is not an ACLED sub-event type of '" + eventType + "'");
        }
        String country = countryCode(root, "country", true);
        String admin1 = bounded("admin1", optionalText(root, "admin1"), MAX_TEXT_LENGTH);
        String admin2 = bounded("admin2", optionalText(root, "admin2"), MAX_TEXT_LENGTH);
        String siteId = bounded("site_id", optionalText(root, "site_id"), MAX_TEXT_LENGTH);
        if (isBlank(admin2) && isBlank(siteId)) {
            throw new ReportValidationException(MISSING_LOCATION, "a report needs admin2 (district) or site_id");
        }
        Double latitude = optionalCoordinate(root, "latitude", 90);
        Double longitude = optionalCoordinate(root, "longitude", 180);
        Integer geoPrecision = optionalInteger(root, "geo_precision");
        if (geoPrecision != null && (geoPrecision < 1 || geoPrecision > 3)) {
            throw new ReportValidationException(INVALID_VALUE, "geo_precision must be 1, 2 or 3, was " + geoPrecision);
        }
        int fatalities = nonNegative("fatalities", optionalInt(root, "fatalities", 0));
        Integer injured = optionalInteger(root, "injured");
        if (injured != null) {
            nonNegative("injured", injured);
        }
        List<String> victims = new ArrayList<>();
        for (String code : optionalTextList(root, "victim_nationalities")) {
            victims.add(normaliseCountry("victim_nationalities", code));
        }
        String originCountry = countryCode(root, "origin_country", false);
        String originAdmin1 = bounded("origin_admin1", optionalText(root, "origin_admin1"), MAX_TEXT_LENGTH);
        List<String> actors = optionalTextList(root, "actors");
        for (String actor : actors) {
            bounded("actors", actor, MAX_TEXT_LENGTH);
        }
        String source = bounded("source", optionalText(root, "source"), MAX_FREE_TEXT_LENGTH);
        String notes = bounded("notes", optionalText(root, "notes"), MAX_FREE_TEXT_LENGTH);
        List<String> sources = optionalTextList(root, "sources");
        for (String s : sources) {
            bounded("sources", s, MAX_TEXT_LENGTH);
        }
        String sourceScale = bounded("source_scale", optionalText(root, "source_scale"), MAX_TEXT_LENGTH);
        return new IncidentReport(id, revision, occurredAt, reportedAt, eventType, subEventType, country,
                blankToNull(admin1), blankToNull(admin2), latitude, longitude, geoPrecision, fatalities, injured,
                List.copyOf(new LinkedHashSet<>(victims)), blankToNull(siteId), originCountry,
                blankToNull(originAdmin1), actors, source, notes, sources, blankToNull(sourceScale));
    }

    private static JsonNode present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String requiredText(JsonNode root, String field) throws ReportValidationException {
        JsonNode node = present(root, field);
        if (node == null) {
            throw new ReportValidationException(MISSING_FIELD, "required field '" + field + "' is missing");
        }
        if (!node.isTextual()) {
            throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must be a string, was "
                    + node.getNodeType());
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode root, String field) throws ReportValidationException {
        JsonNode node = present(root, field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must be a string, was "
                    + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> optionalTextList(JsonNode root, String field) throws ReportValidationException {
        JsonNode node = present(root, field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must be an array of strings");
        }
        if (node.size() > MAX_LIST_SIZE) {
            throw new ReportValidationException(INVALID_VALUE, "'" + field + "' has " + node.size()
                    + " elements; at most " + MAX_LIST_SIZE + " are accepted");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must hold only strings");
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static String bounded(String field, String text, int max) throws ReportValidationException {
        if (text != null && text.length() > max) {
            throw new ReportValidationException(INVALID_VALUE, "'" + field + "' is " + text.length()
                    + " characters long; at most " + max + " are accepted");
        }
        return text;
    }

    private static Integer optionalInteger(JsonNode root, String field) throws ReportValidationException {
        JsonNode node = present(root, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must be an integer, was "
                    + clip(node.toString()));
        }
        return node.intValue();
    }

    private static int optionalInt(JsonNode root, String field, int defaultValue) throws ReportValidationException {
        Integer value = optionalInteger(root, field);
        return value == null ? defaultValue : value;
    }

    private static int nonNegative(String field, int value) throws ReportValidationException {
        if (value < 0) {
            throw new ReportValidationException(NEGATIVE_VALUE, "'" + field + "' must not be negative, was " + value);
        }
        return value;
    }

    private static Double optionalCoordinate(JsonNode root, String field, double limit)
            throws ReportValidationException {
        JsonNode node = present(root, field);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw new ReportValidationException(WRONG_TYPE, "'" + field + "' must be a number, was "
                    + node.getNodeType());
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < -limit || value > limit) {
            throw new ReportValidationException(COORDINATES_OUT_OF_RANGE, "'" + field + "' must lie within +/-"
                    + (int) limit + ", was " + clip(node.toString()));
        }
        return value;
    }

    private static Instant instant(JsonNode root, String field, boolean required) throws ReportValidationException {
        String text = required ? requiredText(root, field) : optionalText(root, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ReportValidationException(INVALID_VALUE, "'" + field + "' must be an ISO-8601 instant such as "
                    + "2025-11-26T14:30:00Z, was '" + clip(text) + "'");
        }
    }

    private static String countryCode(JsonNode root, String field, boolean required) throws ReportValidationException {
        String text = required ? requiredText(root, field) : optionalText(root, field);
        return text == null || (!required && text.isBlank()) ? null : normaliseCountry(field, text);
    }

    private static String normaliseCountry(String field, String code) throws ReportValidationException {
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (upper.length() != 2 || !Character.isLetter(upper.charAt(0)) || !Character.isLetter(upper.charAt(1))
                || upper.charAt(0) > 'Z' || upper.charAt(1) > 'Z') {
            throw new ReportValidationException(INVALID_VALUE, "'" + field
                    + "' must hold ISO 3166-1 alpha-2 codes, was '"
                    + clip(code) + "'");
        }
        return upper;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    /** Keeps user-supplied text in messages (the {@code dlq.detail} header) short, escaped and on one line. */
    static String clip(String s) {
        return LogSafe.clip(s, 80);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return clip(nl < 0 ? s : s.substring(0, nl));
    }
}
