package org.frontierwatch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The version of a rule as written: consumes one rule's parsed mapping from a rules file, produces the first 12 hex
 * digits of the SHA-256 of its canonical JSON (object keys sorted at every depth, lists in their order), leaving out
 * {@code description}, which changes what the rule says to people, not what it does. Reformatting, reordering keys
 * or adding comments changes no version; any change of a value does.
 */
public final class RuleVersions {

    static final int HEX_DIGITS = 12;
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).build();

    private RuleVersions() {
    }

    public static String of(JsonNode rule) {
        JsonNode copy = rule.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("description");
        }
        try {
            String canonical = CANONICAL.writeValueAsString(CANONICAL.treeToValue(copy, Object.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a parsed rule", e);
        }
    }
}
