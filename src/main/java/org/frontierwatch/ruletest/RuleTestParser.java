package org.frontierwatch.ruletest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;

/**
 * Reads a rule test file (YAML) into {@link RuleTestCase}s. Consumes the file, the input files it names; produces
 * the cases, or a {@link ConfigException} naming the file, the test and the key of the first problem, e.g.
 * {@code config/tests/x.test.yaml: tests[0] (name=seed).expected_alerts[2].severty: unknown key; known keys: ...}.
 * Paths in the file are relative to the file's directory; the reports it names are read by {@link ReportLines}.
 * Its length is one check per key of the rule test format, each with its own message, kept in one place.
 */
public final class RuleTestParser {

    static final Set<String> FILE_KEYS = Set.of("rules", "reference_dir", "tests");
    static final Set<String> TEST_KEYS = Set.of("name", "rules", "reference_dir", "reference", "now", "input",
            "input_file", "quiet_after", "expected_alerts", "expected_dead_letters");
    static final Set<String> REFERENCE_KEYS = Set.of("sites", "nationalities", "districts");
    static final Map<String, String> REFERENCE_ID_FIELDS = Map.of("sites", "site_id", "nationalities", "code",
            "districts", "district_id");
    /** Fields an expectation may name: the alert JSON's (docs/data-formats.md), and the affected sites' ids. */
    public static final Set<String> ALERT_FIELDS = Set.of("key", "alert_id", "msg_type", "rule_id", "event",
            "severity", "urgency", "certainty", "response", "country", "admin1", "district", "district_id", "group",
            "window_start", "window_end", "incident_ids", "incident_ids_total", "fatalities",
            "foreign_fatalities", "count",
            "metric_value", "affected_sites", "affected_site_ids", "affected_sites_total", "nationalities",
            "headline", "instruction", "as_of");

    private final String file;
    private final Path dir;

    private RuleTestParser(Path path) {
        this.file = path.toString();
        Path parent = path.toAbsolutePath().getParent();
        this.dir = parent == null ? Path.of(".") : parent;
    }

    public static List<RuleTestCase> parse(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(path.toString(), "(file)", "test file not found or not a regular file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
        } catch (JacksonException e) {
            throw new ConfigException(path.toString(), "(syntax)", "not valid YAML: "
                    + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ")
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), "(file)", "cannot read: " + e.getMessage(), e);
        }
        return new RuleTestParser(path).tests(root);
    }

    private List<RuleTestCase> tests(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConfigException(file, "tests", "missing: the file must hold a mapping with a 'tests' list");
        }
        unknownKeys(root, "(top level)", FILE_KEYS);
        JsonNode list = root.get("tests");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException(file, "tests", "must be a non-empty list of tests");
        }
        String defaultRules = text(root, "(top level)", "rules", false);
        String defaultReference = text(root, "(top level)", "reference_dir", false);
        List<RuleTestCase> cases = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String where = "tests[" + i + "]";
            if (!t.isObject()) {
                throw new ConfigException(file, where, "must be a mapping");
            }
            String name = text(t, where, "name", true);
            where = where + " (name=" + name + ")";
            if (!names.add(name)) {
                throw new ConfigException(file, where + ".name", "duplicate test name");
            }
            unknownKeys(t, where, TEST_KEYS);
            cases.add(testCase(t, name, where, defaultRules, defaultReference));
        }
        return cases;
    }

    private RuleTestCase testCase(JsonNode t, String name, String where, String defaultRules,
                                  String defaultReference) {
        String rules = text(t, where, "rules", false);
        if (rules == null) {
            rules = defaultRules;
        }
        if (rules == null) {
            throw new ConfigException(file, where + ".rules", "missing (and no top-level 'rules')");
        }
        Path referenceDir = null;
        Map<String, List<Map.Entry<String, String>>> reference = Map.of();
        if (t.has("reference")) {
            if (t.has("reference_dir")) {
                throw new ConfigException(file, where + ".reference", "give either 'reference' or 'reference_dir'");
            }
            reference = inlineReference(t.get("reference"), where + ".reference");
        } else {
            String ref = text(t, where, "reference_dir", false);
            if (ref == null) {
                ref = defaultReference;
            }
            if (ref == null) {
                throw new ConfigException(file, where + ".reference_dir",
                        "missing: give 'reference' (inline) or 'reference_dir' (here or at the top level)");
            }
            referenceDir = dir.resolve(ref).normalize();
        }
        Instant now = now(t, where);
        List<ReportRecord> input = input(t, where);
        return new RuleTestCase(name, where, dir.resolve(rules).normalize(), referenceDir, reference, input, now,
                quietAfter(t, where), expected(t, where), deadLetters(t, where));
    }

    private Duration quietAfter(JsonNode t, String where) {
        String text = text(t, where, "quiet_after", false);
        if (text == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new ConfigException(file, where + ".quiet_after", "'" + text
                + "' is not a non-negative ISO-8601 duration such as PT6H or P40D");
    }

    private Instant now(JsonNode t, String where) {
        Instant now = null;
        String nowText = text(t, where, "now", false);
        if (nowText != null) {
            try {
                now = Instant.parse(nowText);
            } catch (DateTimeParseException e) {
                throw new ConfigException(file, where + ".now", "'" + nowText
                        + "' is not an ISO-8601 instant such as 2025-12-10T00:00:00Z");
            }
        }
        return now;
    }

    private List<ReportRecord> input(JsonNode t, String where) {
        List<ReportRecord> input = new ArrayList<>();
        String inputFile = text(t, where, "input_file", false);
        if (inputFile != null) {
            input.addAll(inputFile(dir.resolve(inputFile).normalize(), where + ".input_file"));
        }
        if (t.has("input")) {
            input.addAll(inlineInput(t.get("input"), where + ".input"));
        }
        if (input.isEmpty()) {
            throw new ConfigException(file, where + ".input", "missing: give 'input' and/or 'input_file'");
        }
        return input;
    }

    private List<ExpectedMessage> expected(JsonNode t, String where) {
        if (!t.has("expected_alerts") || !t.get("expected_alerts").isArray()) {
            throw new ConfigException(file, where + ".expected_alerts",
                    "missing: a list of the expected alert messages in order ([] for none)");
        }
        List<ExpectedMessage> expected = new ArrayList<>();
        JsonNode exp = t.get("expected_alerts");
        for (int j = 0; j < exp.size(); j++) {
            expected.add(expectation(exp.get(j), where + ".expected_alerts[" + j + "]"));
        }
        return expected;
    }

    /** The expected dead-letter reasons, or null when the test does not check them. */
    private List<String> deadLetters(JsonNode t, String where) {
        List<String> deadLetters = null;
        if (t.has("expected_dead_letters")) {
            deadLetters = new ArrayList<>();
            JsonNode dl = t.get("expected_dead_letters");
            if (!dl.isArray()) {
                throw new ConfigException(file, where + ".expected_dead_letters",
                        "must be a list of dead-letter reasons, e.g. [late, invalid_json]");
            }
            for (JsonNode r : dl) {
                if (!r.isTextual()) {
                    throw new ConfigException(file, where + ".expected_dead_letters", "must hold only strings");
                }
                deadLetters.add(r.textValue());
            }
        }
        return deadLetters;
    }

    private Map<String, List<Map.Entry<String, String>>> inlineReference(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ConfigException(file, where, "must be a mapping of sites, nationalities, districts");
        }
        unknownKeys(node, where, REFERENCE_KEYS);
        Map<String, List<Map.Entry<String, String>>> all = new LinkedHashMap<>();
        for (String kind : List.of("nationalities", "districts", "sites")) {
            List<Map.Entry<String, String>> records = new ArrayList<>();
            JsonNode list = node.get(kind);
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw new ConfigException(file, where + "." + kind, "must be a list of records");
                }
                for (int i = 0; i < list.size(); i++) {
                    JsonNode r = list.get(i);
                    String at = where + "." + kind + "[" + i + "]";
                    String idField = REFERENCE_ID_FIELDS.get(kind);
                    if (!r.isObject() || !r.path(idField).isTextual()) {
                        throw new ConfigException(file, at, "must be a mapping with '" + idField + "'");
                    }
                    records.add(new AbstractMap.SimpleImmutableEntry<>(r.get(idField).textValue(), json(r)));
                }
            }
            all.put(kind, records);
        }
        return all;
    }

    private List<ReportRecord> inlineInput(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new ConfigException(file, where, "must be a list of reports (mappings) and {tombstone: ID} items");
        }
        List<ReportRecord> records = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String at = where + "[" + i + "]";
            if (!r.isObject()) {
                throw new ConfigException(file, at, "must be a report (a mapping) or {tombstone: ID}");
            }
            ReportRecord tombstone = ReportLines.tombstone(r);
            if (tombstone != null) {
                records.add(tombstone);
            } else if (r.has("tombstone")) {
                throw new ConfigException(file, at + ".tombstone", "a tombstone is {tombstone: ID} and nothing else");
            } else {
                JsonNode id = r.get("id");
                records.add(new ReportRecord(id != null && id.isTextual() ? id.textValue() : null, json(r)));
            }
        }
        return records;
    }

    private List<ReportRecord> inputFile(Path path, String where) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(file, where, path + ": input file not found");
        }
        try {
            return ReportLines.read(path);
        } catch (IOException e) {
            throw new ConfigException(file, where, path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private ExpectedMessage expectation(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ConfigException(file, where, "must be a mapping of alert fields to expected values");
        }
        unknownKeys(node, where, ALERT_FIELDS);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return new ExpectedMessage(fields);
    }

    private String json(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new ConfigException(file, "(input)", "cannot write JSON: " + e.getMessage(), e);
        }
    }

    private void unknownKeys(JsonNode node, String where, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(file, where.equals("(top level)") ? key : where + "." + key,
                        "unknown key; known keys: " + new TreeSet<>(known));
            }
        }
    }

    private String text(JsonNode node, String where, String key, boolean required) {
        JsonNode v = node.get(key);
        String at = where.equals("(top level)") ? key : where + "." + key;
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigException(file, at, "missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ConfigException(file, at, "must be a non-empty string");
        }
        return v.textValue();
    }
}
