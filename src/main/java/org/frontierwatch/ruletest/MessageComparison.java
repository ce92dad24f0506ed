package org.frontierwatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares expected alert messages with the messages a run produced (alert JSON trees, in order). Consumes both
 * lists; produces the differences as readable lines (empty when they match): the field differences of each
 * message, then a diff of expected against actual listing, for each message, only the fields the expectation
 * names ({@code -} expected, {@code +} actual, blank when equal).
 */
public final class MessageComparison {

    /** Numbers compare by value (1 equals 1.0), everything else exactly. */
    private static final Comparator<JsonNode> VALUES = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a.isValueNode() && b.isValueNode()) {
            return a.equals(b) ? 0 : 1;
        }
        return a.getNodeType() == b.getNodeType() ? 0 : 1;
    };

    private MessageComparison() {
    }

    /** The value of a field of an alert as an expectation names it ({@code affected_site_ids} is derived). */
    public static JsonNode field(JsonNode alert, String name) {
        if (name.equals("affected_site_ids")) {
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            alert.path("affected_sites").forEach(s -> ids.add(s.path("site_id").asText()));
            return ids;
        }
        JsonNode v = alert.get(name);
        return v == null ? JsonNodeFactory.instance.nullNode() : v;
    }

    public static boolean matches(ExpectedMessage expected, JsonNode actual) {
        return expected.fields().entrySet().stream()
                .allMatch(e -> e.getValue().equals(VALUES, field(actual, e.getKey())));
    }

    public static List<String> differences(List<ExpectedMessage> expected, List<JsonNode> actual) {
        List<String> lines = new ArrayList<>();
        int n = Math.max(expected.size(), actual.size());
        boolean same = true;
        for (int i = 0; i < n; i++) {
            ExpectedMessage e = i < expected.size() ? expected.get(i) : null;
            JsonNode a = i < actual.size() ? actual.get(i) : null;
            String label = "message " + (i + 1);
            if (e == null) {
                lines.add(label + ": unexpected " + summary(a));
                same = false;
            } else if (a == null) {
                lines.add(label + ": expected " + compact(e.fields()) + ", got no message");
                same = false;
            } else if (!matches(e, a)) {
                same = false;
                for (Map.Entry<String, JsonNode> f : e.fields().entrySet()) {
                    JsonNode got = field(a, f.getKey());
                    if (!f.getValue().equals(VALUES, got)) {
                        lines.add(label + " (" + summary(a) + "): " + f.getKey() + ": expected " + f.getValue()
                                + ", got " + got);
                    }
                }
            }
        }
        if (same) {
            return List.of();
        }
        if (expected.size() != actual.size()) {
            lines.add("expected " + expected.size() + " message(s), got " + actual.size());
        }
        lines.add("--- expected");
        lines.add("+++ actual");
        for (int i = 0; i < n; i++) {
            ExpectedMessage e = i < expected.size() ? expected.get(i) : null;
            JsonNode a = i < actual.size() ? actual.get(i) : null;
            String no = String.format("%3d ", i + 1);
            if (e != null && a != null && matches(e, a)) {
                lines.add(" " + no + compact(e.fields()));
                continue;
            }
            if (e != null) {
                lines.add("-" + no + compact(e.fields()));
            }
            if (a != null) {
                lines.add("+" + no + compact(projection(a, e)));
            }
        }
        return lines;
    }

    /** The actual message restricted to the expectation's fields; all the usual ones when there is none. */
    private static Map<String, JsonNode> projection(JsonNode actual, ExpectedMessage e) {
        List<String> names = e != null ? List.copyOf(e.fields().keySet())
                : List.of("key", "msg_type", "severity", "response", "incident_ids", "affected_site_ids");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        names.forEach(name -> fields.put(name, field(actual, name)));
        return fields;
    }

    static String summary(JsonNode a) {
        return a.path("msg_type").asText() + " " + a.path("key").asText() + " (" + a.path("severity").asText()
                + ", " + a.path("response").asText() + ")";
    }

    static String compact(Map<String, JsonNode> fields) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        fields.forEach(o::set);
        return o.toString();
    }
}
