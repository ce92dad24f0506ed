package org.frontierwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.text.LogSafe;

/**
 * Rules as the rules topic holds them (key = rule id, value = the rule's mapping as JSON, exactly as a rules file
 * lists it): consumes a rules file's text or one record of the topic, produces the record values to publish or the
 * {@link Rule} a record defines. The version of a record is the version of the rule it holds
 * ({@link RuleVersions}), so a rule published from a file and the same rule read back agree.
 */
public final class RuleDocuments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest key quoted in an error message; keys come from anyone who can write to the topic. */
    private static final int MAX_QUOTED_KEY = 80;

    private RuleDocuments() {
    }

    /**
     * The record values for every rule of a rules file, in the file's order: id to the rule's mapping as compact
     * JSON. The whole file is checked first ({@link RulesLoader#parse}), so nothing is returned from a file that
     * {@code rules check} refuses.
     */
    public static Map<String, String> ofFile(String file, String text) {
        RulesLoader.parse(file, text);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (JsonNode rule : YAML.readTree(text).get("rules")) {
                out.put(rule.get("id").asText(), JSON.writeValueAsString(rule));
            }
        } catch (JacksonException e) {
            throw new ConfigException(file, "(syntax)", "cannot re-read: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    /**
     * The rule one record of the rules topic defines. Throws a {@link ConfigException} naming the record's key when
     * the value is not one valid rule or its id is not the key: such a record changes nothing.
     */
    public static Rule parseRecord(String key, String value) {
        String source = "rules topic record '" + LogSafe.clip(key, MAX_QUOTED_KEY) + "'";
        JsonNode node;
        try {
            node = YAML.readTree(value);
        } catch (JacksonException e) {
            throw new ConfigException(source, "(syntax)", "not valid YAML/JSON: "
                    + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " "), e);
        }
        Rule rule = RulesLoader.parseRule(source, node);
        if (!rule.id().equals(key)) {
            throw new ConfigException(source, "rule.id", "'" + rule.id() + "' is not the record key: a rule is "
                    + "published under its own id");
        }
        return rule;
    }

    /** The version of the rule a record value holds, or null when it holds no readable mapping. */
    public static String version(String value) {
        try {
            JsonNode node = YAML.readTree(value);
            return node != null && node.isObject() ? RuleVersions.of(node) : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
