package org.frontierwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.MetricFields;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.rules.Template;
import org.frontierwatch.validation.AcledTaxonomy;

/**
 * Reads the declarative rules file (YAML or JSON) into {@link Rule}s. Every problem stops start-up with a
 * {@link ConfigException} naming the file, the rule and the key, e.g.
 * {@code config/rules.yaml: rules[1] (id=repeat-attacks).levels[0].severity: 'Huge' is not one of [...]}.
 * Its length is one check, with its own message, per key of the rules format (docs/rules.md), in one place.
 */
public final class RulesLoader {

    private static final Set<String> RULE_KEYS = Set.of("id", "event", "type", "metric", "field", "window",
            "group_by", "filter", "levels", "scope", "headline", "instruction", "expires_after", "update_interval",
            "min_exposed_workers", "radius_km", "description");
    private static final Set<String> FILTER_KEYS = Set.of("event_type", "sub_event_type", "country",
            "victim_nationalities", "min_fatalities", "cross_border", "foreign_victims");
    private static final Set<String> LEVEL_KEYS = Set.of("min", "severity", "urgency", "certainty", "response",
            "headline", "instruction", "radius_km", "min_sources");
    /** Largest radius a rule may ask for: a quarter of the Earth's circumference is beyond any "nearby". */
    static final double MAX_RADIUS_KM = 2000;

    private final String file;

    private RulesLoader(String file) {
        this.file = file;
    }

    public static List<Rule> load(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(file, "(file)", "rules file not found or not a regular file");
        }
        try {
            return parse(file, Files.readString(path));
        } catch (IOException e) {
            throw new ConfigException(file, "(file)", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses rules from text; {@code file} only names the source in error messages. */
    public static List<Rule> parse(String file, String text) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(file, "(syntax)", "not valid YAML/JSON: "
                    + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ")
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new ConfigException(file, "(syntax)", "cannot parse: " + e.getMessage(), e);
        }
        return new RulesLoader(file).rules(root);
    }

    private List<Rule> rules(JsonNode root) {
        if (root == null || !root.isObject() || !root.has("rules")) {
            throw new ConfigException(file, "rules", "missing: the file must hold a top-level 'rules' list");
        }
        JsonNode list = root.get("rules");
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(file, "rules", "must be a non-empty list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String where = "rules[" + i + "]";
            if (!node.isObject()) {
                throw new ConfigException(file, where, "must be a mapping");
            }
            String id = id(node, where);
            where = where + " (id=" + id + ")";
            if (!ids.add(id)) {
                throw new ConfigException(file, where + ".id", "duplicate rule id");
            }
            rules.add(rule(node, where, id));
        }
        return List.copyOf(rules);
    }

    private String id(JsonNode node, String where) {
        String id = text(node, where, "id", true);
        if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new ConfigException(file, where + ".id", "'" + id
                    + "' must be lower-case letters, digits and hyphens (at most 64)");
        }
        return id;
    }

    /**
     * One rule on its own, as a record of the rules topic holds it (the mapping a rules file lists, in YAML or
     * JSON); {@code source} names it in error messages, e.g. {@code rules topic key 'x': rule.levels: missing}.
     */
    public static Rule parseRule(String source, JsonNode node) {
        RulesLoader loader = new RulesLoader(source);
        if (node == null || !node.isObject()) {
            throw new ConfigException(source, "rule", "must be a mapping (one rule, as listed in a rules file)");
        }
        String id = loader.id(node, "rule");
        return loader.rule(node, "rule (id=" + id + ")", id);
    }

    private Rule rule(JsonNode node, String where, String id) {
        unknownKeys(node, where, RULE_KEYS);
        String event = text(node, where, "event", true);
        RuleKind kind = enumValue(node, where, "type", RuleKind.class, true);
        MetricKind metric = node.has("metric") ? enumValue(node, where, "metric", MetricKind.class, true)
                : MetricKind.COUNT;
        String field = text(node, where, "field", false);
        if (metric == MetricKind.SUM && (field == null || !MetricFields.SUMMABLE.contains(field))) {
            throw new ConfigException(file, where + ".field", "metric sum needs a field, one of "
                    + new TreeSet<>(MetricFields.SUMMABLE) + "; was " + field);
        }
        if (metric == MetricKind.DISTINCT_COUNT && (field == null || !MetricFields.DISTINCTABLE.contains(field))) {
            throw new ConfigException(file, where + ".field", "metric distinct_count needs a field, one of "
                    + new TreeSet<>(MetricFields.DISTINCTABLE) + "; was " + field);
        }
        if (metric == MetricKind.COUNT && field != null) {
            throw new ConfigException(file, where + ".field", "metric count takes no field");
        }
        Duration window;
        List<GroupDimension> groupBy;
        if (kind == RuleKind.IMMEDIATE) {
            if (node.has("window") || node.has("group_by")) {
                throw new ConfigException(file, where, "an immediate rule judges each incident alone: "
                        + "remove 'window' and 'group_by' or make it type: windowed");
            }
            window = Duration.ZERO;
            groupBy = List.of(GroupDimension.INCIDENT);
        } else {
            window = duration(node, where, "window", true);
            if (window.isZero() || window.isNegative()) {
                throw new ConfigException(file, where + ".window", "must be positive");
            }
            groupBy = groupBy(node, where);
        }
        Filter filter = node.has("filter") ? filter(node.get("filter"), where + ".filter") : Filter.ANY;
        List<Level> levels = levels(node, where);
        Scope scope = node.has("scope") ? enumValue(node, where, "scope", Scope.class, true) : Scope.DISTRICT;
        String headline = template(node, where, "headline", true);
        String instruction = template(node, where, "instruction", true);
        Duration expires = node.has("expires_after") ? duration(node, where, "expires_after", true)
                : Duration.ofDays(7);
        Duration updateInterval = null;
        if (node.has("update_interval")) {
            updateInterval = duration(node, where, "update_interval", true);
            if (updateInterval.isNegative()) {
                throw new ConfigException(file, where + ".update_interval", "must not be negative (PT0S: every "
                        + "change goes out at once)");
            }
        }
        int minExposed = 0;
        if (node.has("min_exposed_workers")) {
            JsonNode v = node.get("min_exposed_workers");
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw new ConfigException(file, where + ".min_exposed_workers",
                        "must be a non-negative integer (the fewest foreign workers at the covered sites)");
            }
            minExposed = v.intValue();
        }
        Double radius = node.has("radius_km") ? radius(node, where) : null;
        if (scope == Scope.RADIUS) {
            for (int i = 0; i < levels.size(); i++) {
                if (radius == null && levels.get(i).radiusKm() == null) {
                    throw new ConfigException(file, where + ".radius_km", "scope: radius needs radius_km, for the "
                            + "rule or on every level (levels[" + i + "] has none)");
                }
            }
        } else if (radius != null || levels.stream().anyMatch(l -> l.radiusKm() != null)) {
            throw new ConfigException(file, where + ".radius_km", "only a rule with scope: radius has a radius "
                    + "(scope is " + scope.name().toLowerCase(Locale.ROOT) + ")");
        }
        return new Rule(id, event, kind, metric, field, window, groupBy, filter, levels, scope, headline,
                instruction, expires, updateInterval, minExposed, radius, RuleVersions.of(node));
    }

    private List<GroupDimension> groupBy(JsonNode node, String where) {
        if (!node.has("group_by")) {
            return List.of(GroupDimension.DISTRICT);
        }
        List<GroupDimension> dims = new ArrayList<>();
        for (String value : textList(node.get("group_by"), where + ".group_by")) {
            GroupDimension d = parseEnum(value, GroupDimension.class, where + ".group_by");
            if (d == GroupDimension.INCIDENT) {
                throw new ConfigException(file, where + ".group_by",
                        "'incident' grouping is what type: immediate does");
            }
            if (dims.contains(d)) {
                throw new ConfigException(file, where + ".group_by", "'" + value + "' listed twice");
            }
            if (dims.stream().anyMatch(o -> o.label().equals(d.label()))) {
                throw new ConfigException(file, where + ".group_by", "'district' and 'district_with_neighbours' "
                        + "both name the district of a window: keep one");
            }
            dims.add(d);
        }
        if (dims.isEmpty()) {
            throw new ConfigException(file, where + ".group_by", "must name at least one dimension");
        }
        return dims;
    }

    private Filter filter(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ConfigException(file, where, "must be a mapping");
        }
        unknownKeys(node, where, FILTER_KEYS);
        Set<String> eventTypes = set(node, where, "event_type");
        for (String t : eventTypes) {
            if (!AcledTaxonomy.isEventType(t)) {
                throw new ConfigException(file, where + ".event_type", "'" + t + "' is not an ACLED event type: "
                        + AcledTaxonomy.eventTypes());
            }
        }
        Set<String> subEventTypes = set(node, where, "sub_event_type");
        for (String t : subEventTypes) {
            if (!AcledTaxonomy.isSubEventType(t)) {
                throw new ConfigException(file, where + ".sub_event_type", "'" + t
                        + "' is not an ACLED sub-event type");
            }
        }
        Integer minFatalities = null;
        if (node.has("min_fatalities")) {
            JsonNode v = node.get("min_fatalities");
            if (!v.isIntegralNumber() || v.intValue() < 0) {
                throw new ConfigException(file, where + ".min_fatalities", "must be a non-negative integer");
            }
            minFatalities = v.intValue();
        }
        return new Filter(eventTypes, subEventTypes, countries(node, where, "country"),
                countries(node, where, "victim_nationalities"), minFatalities, bool(node, where, "cross_border"),
                bool(node, where, "foreign_victims"));
    }

    private List<Level> levels(JsonNode node, String where) {
        JsonNode list = node.get("levels");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException(file, where + ".levels", "must be a non-empty list of thresholds");
        }
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode l = list.get(i);
            String at = where + ".levels[" + i + "]";
            if (!l.isObject()) {
                throw new ConfigException(file, at, "must be a mapping");
            }
            unknownKeys(l, at, LEVEL_KEYS);
            double min = number(l, at, "min");
            if (min <= 0) {
                throw new ConfigException(file, at + ".min", "must be greater than 0");
            }
            int minSources = 0;
            if (l.has("min_sources")) {
                JsonNode v = l.get("min_sources");
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1
                        || v.intValue() > IncidentReport.MAX_SOURCES) {
                    throw new ConfigException(file, at + ".min_sources", "must be a whole number from 1 to "
                            + IncidentReport.MAX_SOURCES + " (independent sources of the best-sourced incident)");
                }
                minSources = v.intValue();
            }
            // No certainty: the alert's certainty follows the sources of its evidence (Corroboration).
            levels.add(new Level(min, enumValue(l, at, "severity", Severity.class, true),
                    l.has("urgency") ? enumValue(l, at, "urgency", Urgency.class, true) : Urgency.Immediate,
                    l.has("certainty") ? enumValue(l, at, "certainty", Certainty.class, true) : null,
                    enumValue(l, at, "response", ResponseType.class, true),
                    template(l, at, "headline", false), template(l, at, "instruction", false),
                    l.has("radius_km") ? radius(l, at) : null, minSources));
        }
        for (int i = 1; i < levels.size(); i++) {
            if (levels.get(i).min() <= levels.get(i - 1).min()) {
                throw new ConfigException(file, where + ".levels[" + i + "].min",
                        "thresholds must rise from one level to the next (" + levels.get(i).min() + " after "
                                + levels.get(i - 1).min() + ")");
            }
        }
        levels.sort(Comparator.comparingDouble(Level::min));
        return levels;
    }

    private double radius(JsonNode node, String where) {
        double r = number(node, where, "radius_km");
        if (!(r > 0) || r > MAX_RADIUS_KM) {
            throw new ConfigException(file, where + ".radius_km", "must be greater than 0 and at most "
                    + (int) MAX_RADIUS_KM + " (km)");
        }
        return r;
    }

    private void unknownKeys(JsonNode node, String where, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(file, where + "." + key, "unknown key; known keys: "
                        + new TreeSet<>(known));
            }
        }
    }

    private String text(JsonNode node, String where, String key, boolean required) {
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

    private String template(JsonNode node, String where, String key, boolean required) {
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

    private double number(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw new ConfigException(file, where + "." + key, v == null ? "missing" : "must be a number");
        }
        return v.doubleValue();
    }

    private Boolean bool(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(file, where + "." + key, "must be true or false");
        }
        return v.booleanValue();
    }

    private Duration duration(JsonNode node, String where, String key, boolean required) {
        String text = text(node, where, key, required);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException(file, where + "." + key, "'" + text
                    + "' is not an ISO-8601 duration such as P7D or PT12H");
        }
    }

    private Set<String> set(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Set.of();
        }
        return new LinkedHashSet<>(textList(v, where + "." + key));
    }

    private Set<String> countries(JsonNode node, String where, String key) {
        Set<String> codes = set(node, where, key);
        for (String c : codes) {
            if (!c.matches("[A-Z]{2}")) {
                throw new ConfigException(file, where + "." + key, "'" + c + "' is not an ISO 3166-1 alpha-2 code");
            }
        }
        return codes;
    }

    private List<String> textList(JsonNode v, String where) {
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

    private <E extends Enum<E>> E enumValue(JsonNode node, String where, String key, Class<E> type, boolean required) {
        String text = text(node, where, key, required);
        return parseEnum(text, type, where + "." + key);
    }

    /** Matches enum constants ignoring case and treating '-' and '_' alike (CAP's "AllClear" or "allclear"). */
    private <E extends Enum<E>> E parseEnum(String text, Class<E> type, String where) {
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
