package org.frontierwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What publishing a rules file would change: consumes the record values of the rules in force (id to value, from
 * the rules topic) and of a file ({@link RuleDocuments#ofFile}), produces one {@link Entry} per rule id (added,
 * changed with the keys that differ, unchanged, or only in force) and the records to publish.
 */
public record RuleDiff(List<Entry> entries) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** How a rule of the file compares with the one in force. */
    public enum Kind { ADDED, CHANGED, UNCHANGED, ONLY_IN_FORCE }

    /**
     * One rule: its id, how it compares, the version in force and the file's (null where there is none), and the
     * top-level keys whose values differ ({@code description} included, though it changes no version).
     */
    public record Entry(String id, Kind kind, String inForce, String inFile, List<String> keys) {

        /** One line for people, e.g. {@code ~ district-fatalities 6ae1793a05c5 -> 5d0e1c2b9a77 (levels)}. */
        public String line() {
            return switch (kind) {
                case ADDED -> "+ " + id + " " + inFile + " (new)";
                case CHANGED -> "~ " + id + " " + inForce + " -> " + inFile + " (" + String.join(", ", keys) + ")";
                case UNCHANGED -> "= " + id + " " + inForce + (keys.isEmpty() ? ""
                        : " (" + String.join(", ", keys) + " only: same version)");
                case ONLY_IN_FORCE -> "- " + id + " " + inForce + " (in force, not in the file: kept; --prune takes "
                        + "it out of force)";
            };
        }
    }

    public static RuleDiff between(Map<String, String> inForce, Map<String, String> file) {
        List<Entry> entries = new ArrayList<>();
        file.forEach((id, value) -> {
            String now = inForce.get(id);
            String version = RuleDocuments.version(value);
            if (now == null) {
                entries.add(new Entry(id, Kind.ADDED, null, version, List.of()));
                return;
            }
            String was = RuleDocuments.version(now);
            List<String> keys = differingKeys(now, value);
            entries.add(new Entry(id, Objects.equals(was, version) ? Kind.UNCHANGED : Kind.CHANGED, was, version,
                    keys));
        });
        inForce.forEach((id, value) -> {
            if (!file.containsKey(id)) {
                entries.add(new Entry(id, Kind.ONLY_IN_FORCE, RuleDocuments.version(value), null, List.of()));
            }
        });
        return new RuleDiff(List.copyOf(entries));
    }

    /**
     * The records that put the file in force: the added and changed rules (and those whose description alone
     * changed), and with {@code prune} a tombstone for every rule in force that the file does not list.
     */
    public Map<String, String> toPublish(Map<String, String> file, boolean prune) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            switch (e.kind()) {
                case ADDED, CHANGED -> out.put(e.id(), file.get(e.id()));
                case UNCHANGED -> {
                    if (!e.keys().isEmpty()) {
                        out.put(e.id(), file.get(e.id()));
                    }
                }
                case ONLY_IN_FORCE -> {
                    if (prune) {
                        out.put(e.id(), null);
                    }
                }
            }
        }
        return out;
    }

    private static List<String> differingKeys(String a, String b) {
        try {
            JsonNode x = YAML.readTree(a);
            JsonNode y = YAML.readTree(b);
            TreeSet<String> names = new TreeSet<>();
            x.fieldNames().forEachRemaining(names::add);
            y.fieldNames().forEachRemaining(names::add);
            return names.stream().filter(n -> !Objects.equals(x.get(n), y.get(n))).toList();
        } catch (JacksonException e) {
            return List.of("(unreadable)");
        }
    }
}
