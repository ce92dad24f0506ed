package org.frontierwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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
import org.frontierwatch.validation.AcledTaxonomy;

/**
 * Reads the declarative rules file (YAML or JSON) into {@link Rule}s. Every problem stops start-up with a
 * {@link ConfigException} naming the file, the rule and the key, e.g.
 * {@code config/rules.yaml: rules[1] (id=repeat-attacks).levels[0].severity: 'Huge' is not one of [...]}.
 * Reading a typed value out of a mapping is {@link RuleFields}'; what stays is one check, with its own message, per
 * key of the rules format (docs/rules.md), in one place.
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
    private final RuleFields fields;

    private RulesLoader(String file) {
        this.file = file;
        this.fields = new RuleFields(file);
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
        String id = fields.text(node, where, "id", true);
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
        fields.unknownKeys(node, where, RULE_KEYS);
        String event = fields.text(node, where, "event", true);
        RuleKind kind = fields.enumValue(node, where, "type", RuleKind.class, true);
        MetricKind metric = node.has("metric") ? fields.enumValue(node, where, "metric", MetricKind.class, true)
                : MetricKind.COUNT;
        String field = fields.text(node, where, "field", false);
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
            window = fields.duration(node, where, "window", true);
            if (window.isZero() || window.isNegative()) {
                throw new ConfigException(file, where + ".window", "must be positive");
            }
            groupBy = groupBy(node, where);
        }
        Filter filter = node.has("filter") ? filter(node.get("filter"), where + ".filter") : Filter.ANY;
        List<Level> levels = levels(node, where);
        Scope scope = node.has("scope") ? fields.enumValue(node, where, "scope", Scope.class, true)
                : Scope.DISTRICT;
        String headline = fields.template(node, where, "headline", true);
        String instruction = fields.template(node, where, "instruction", true);
        Duration expires = node.has("expires_after") ? fields.duration(node, where, "expires_after", true)
                : Duration.ofDays(7);
        Duration updateInterval = null;
        if (node.has("update_interval")) {
            updateInterval = fields.duration(node, where, "update_interval", true);
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
        for (String value : fields.textList(node.get("group_by"), where + ".group_by")) {
            GroupDimension d = fields.parseEnum(value, GroupDimension.class, where + ".group_by");
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
        fields.unknownKeys(node, where, FILTER_KEYS);
        Set<String> eventTypes = fields.set(node, where, "event_type");
        for (String t : eventTypes) {
            if (!AcledTaxonomy.isEventType(t)) {
                throw new ConfigException(file, where + ".event_type", "'" + t + "' is not an ACLED event type: "
                        + AcledTaxonomy.eventTypes());
            }
        }
        Set<String> subEventTypes = fields.set(node, where, "sub_event_type");
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
        return new Filter(eventTypes, subEventTypes, fields.countries(node, where, "country"),
                fields.countries(node, where, "victim_nationalities"), minFatalities,
                fields.bool(node, where, "cross_border"), fields.bool(node, where, "foreign_victims"));
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
            fields.unknownKeys(l, at, LEVEL_KEYS);
            double min = fields.number(l, at, "min");
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
            levels.add(new Level(min, fields.enumValue(l, at, "severity", Severity.class, true),
                    l.has("urgency") ? fields.enumValue(l, at, "urgency", Urgency.class, true) : Urgency.Immediate,
                    l.has("certainty") ? fields.enumValue(l, at, "certainty", Certainty.class, true) : null,
                    fields.enumValue(l, at, "response", ResponseType.class, true),
                    fields.template(l, at, "headline", false), fields.template(l, at, "instruction", false),
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
        double r = fields.number(node, where, "radius_km");
        if (!(r > 0) || r > MAX_RADIUS_KM) {
            throw new ConfigException(file, where + ".radius_km", "must be greater than 0 and at most "
                    + (int) MAX_RADIUS_KM + " (km)");
        }
        return r;
    }
}
