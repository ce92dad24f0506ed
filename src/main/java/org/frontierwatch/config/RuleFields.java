package org.frontierwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.frontierwatch.rules.Template;

/**
 * Reads one typed value out of a mapping of a rules file or rules-topic record, for {@link RulesLoader}. Consumes the
 * node, where it sits (e.g. {@code rules[1] (id=x).levels[0]}) and the key; produces the value (a string, template,
 * number, flag, duration, list, set of country codes or enum constant), or a {@link ConfigException} naming the
 * source, the place and the key. What a value means for a rule is {@link RulesLoader}'s to check.
 */
final class RuleFields {

    private final String file;

    RuleFields(String file) {
        this.file = file;
    }

    void unknownKeys(JsonNode node, String where, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(file, where + "." + key, "unknown key; known keys: "
                        + new TreeSet<>(known));
            }
        }
    }

    String text(JsonNode node, String where, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigException(file, where + "." + key, "missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ConfigException(file, where + "." + key, "must be a non-empty string");
        }
        return v.textValue();
    }

    String template(JsonNode node, String where, String key, boolean required) {
        String text = text(node, where, key, required);
        if (text != null) {
            try {
                Template.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, where + "." + key, e.getMessage());
            }
        }
        return text;
    }

    double number(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw new ConfigException(file, where + "." + key, v == null ? "missing" : "must be a number");
        }
        return v.doubleValue();
    }

    Boolean bool(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(file, where + "." + key, "must be true or false");
        }
        return v.booleanValue();
    }

    Duration duration(JsonNode node, String where, String key, boolean required) {
        String text = text(node, where, key, required);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException(file, where + "." + key, "'" + text
                    + "' is not an ISO-8601 duration such as P7D or PT12H");
        }
    }

    Set<String> set(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Set.of();
        }
        return new LinkedHashSet<>(textList(v, where + "." + key));
    }

    Set<String> countries(JsonNode node, String where, String key) {
        Set<String> codes = set(node, where, key);
        for (String c : codes) {
            if (!c.matches("[A-Z]{2}")) {
                throw new ConfigException(file, where + "." + key, "'" + c + "' is not an ISO 3166-1 alpha-2 code");
            }
        }
        return codes;
    }

    List<String> textList(JsonNode v, String where) {
        List<String> values = new ArrayList<>();
        if (v.isTextual()) {
            values.add(v.textValue());
            return values;
        }
        if (!v.isArray()) {
            throw new ConfigException(file, where, "must be a string or a list of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new ConfigException(file, where, "must hold only strings");
            }
            values.add(e.textValue());
        }
        return values;
    }

    <E extends Enum<E>> E enumValue(JsonNode node, String where, String key, Class<E> type, boolean required) {
        String text = text(node, where, key, required);
        return parseEnum(text, type, where + "." + key);
    }

    /** Matches enum constants ignoring case and treating '-' and '_' alike (CAP's "AllClear" or "allclear"). */
    <E extends Enum<E>> E parseEnum(String text, Class<E> type, String where) {
        Function<String, String> norm = s -> s.toLowerCase(Locale.ROOT).replace("-", "_");
        for (E e : type.getEnumConstants()) {
            if (norm.apply(e.name()).equals(norm.apply(text))) {
                return e;
            }
        }
        throw new ConfigException(file, where, "'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().equals(e.name().toUpperCase(Locale.ROOT)) ? e.name().toLowerCase(Locale.ROOT)
                        : e.name())
                .toList());
    }
}
