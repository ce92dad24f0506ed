package org.frontierwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /api/acks/{key}}, checked: the message acknowledged, the disposition, the operator's name
 * and an optional note, each within its bounds. Unknown fields are refused, so a misspelt one is not silently lost.
 */
record AckRequest(String alertId, Disposition disposition, String note, String by) {

    private static final Set<String> FIELDS = Set.of("alert_id", "disposition", "note", "by");

    static AckRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw new AckHandler.BadRequest(400, "the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new AckHandler.BadRequest(400, "unknown field '" + f + "'; known: " + new TreeSet<>(FIELDS));
            }
        });
        String alertId = text(body, "alert_id", 300, true);
        String by = text(body, "by", Acknowledgement.MAX_BY, true);
        String note = text(body, "note", Acknowledgement.MAX_NOTE, false);
        String d = text(body, "disposition", 40, true);
        Disposition disposition = Arrays.stream(Disposition.values()).filter(v -> v.name().equals(d)).findFirst()
                .orElseThrow(() -> new AckHandler.BadRequest(400, "disposition must be one of "
                        + Arrays.toString(Disposition.values())));
        return new AckRequest(alertId, disposition, note == null ? "" : note, by.strip());
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                throw new AckHandler.BadRequest(400, "'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new AckHandler.BadRequest(400, "'" + field + "' must be a string");
        }
        if (v.asText().length() > max) {
            throw new AckHandler.BadRequest(400, "'" + field + "' is longer than " + max + " characters");
        }
        return v.asText();
    }
}
