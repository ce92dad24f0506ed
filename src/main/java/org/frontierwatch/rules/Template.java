package org.frontierwatch.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A headline or instruction with {@code {placeholder}} fields, checked when the rules file is loaded so a typo
 * stops start-up instead of reaching an alert.
 */
public final class Template {

    public static final Set<String> PLACEHOLDERS = Set.of("district", "admin1", "country", "country_name", "count",
            "fatalities", "metric", "window_days", "nationalities", "sites", "site_names", "origin", "rule", "exposure",
            "exposed_workers", "sources");

    private final String text;

    private Template(String text) {
        this.text = text;
    }

    /** Parses {@code text}; throws IllegalArgumentException naming the first unknown or unclosed placeholder. */
    public static Template parse(String text) {
        for (String name : placeholders(text)) {
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "}; known: "
                        + new TreeSet<>(PLACEHOLDERS));
            }
        }
        return new Template(text);
    }

    static List<String> placeholders(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf('{', i)) >= 0) {
            int end = text.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '{' at character " + i);
            }
            names.add(text.substring(i + 1, end));
            i = end + 1;
        }
        return names;
    }

    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = text.indexOf('}', open);
            out.append(text, i, open);
            String value = values.get(text.substring(open + 1, close));
            out.append(value == null ? "" : value);
            i = close + 1;
        }
        return out.toString();
    }

    public String text() {
        return text;
    }
}
