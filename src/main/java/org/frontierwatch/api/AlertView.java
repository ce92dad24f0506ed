package org.frontierwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;

/**
 * What the query API knows of one alert key: the last message sent ({@code latest}) and, while the alert cadence
 * holds a change of it back, that change ({@code pending}, else null). Consumes an instance's alert state or another
 * instance's JSON answer; produces the JSON of one element of {@code /api/alerts}: the message's own JSON (as on the
 * {@code alerts} topic) plus a {@code pending} field only when a change is held, so that a reader that does not
 * know the field reads the message as before.
 */
public record AlertView(Alert latest, PendingChange pending) {

    static final String PENDING = "pending";

    public AlertView {
        Objects.requireNonNull(latest, "latest");
    }

    /** A key with nothing held back. */
    public static AlertView of(Alert latest) {
        return new AlertView(latest, null);
    }

    /** The message's JSON, with {@code pending} beside its fields when a change is held. */
    public ObjectNode toJson() {
        ObjectNode out = Json.mapper().valueToTree(latest);
        if (pending != null) {
            out.set(PENDING, Json.mapper().valueToTree(pending));
        }
        return out;
    }

    /**
     * Reads what {@link #toJson()} wrote (an instance without held changes, or an older one, writes no pending); the
     * message ignores the {@code pending} field, as it ignores every field it does not know.
     */
    public static AlertView fromJson(JsonNode node) throws JsonProcessingException {
        if (!node.isObject()) {
            throw new IllegalArgumentException("an alert must be a JSON object, got " + node.getNodeType());
        }
        JsonNode pending = node.get(PENDING);
        return new AlertView(Json.mapper().treeToValue(node, Alert.class),
                pending == null || pending.isNull() ? null : Json.mapper().treeToValue(pending, PendingChange.class));
    }
}
