package org.frontierwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.RulesLoader;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.Json;

/** Test fixtures: the shipped rules, reference data and seed scenario, and builders for incident reports. */
public final class Fixtures {

    public static final Path CONFIG = Path.of("config");
    public static final Path RULES = CONFIG.resolve("rules.yaml");
    public static final Path REFERENCE = CONFIG.resolve("reference");
    public static final Path SEED_SCENARIO = CONFIG.resolve("scenarios/tajik-afghan-border-2025.jsonl");

    /** The messages the seed scenario must produce with the default rules, in order: "msgType key". */
    public static final List<String> SEED_ALERTS = List.of(
            "Alert foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26",
            "Alert district-fatalities/tj-shamsiddin-shohin/2025-11-26",
            "Alert foreign-workers-killed/tj-darvoz/2025-11-30",
            "Alert repeat-attacks-on-nationals/TJ+CN/2025-11-26",
            "Alert cross-border-incursions/tj-shamsiddin-shohin/2025-11-26",
            "Update district-fatalities/tj-shamsiddin-shohin/2025-11-26",
            "Alert weapons-cache/TJK-2025-0004");

    private Fixtures() {
    }

    public static List<Rule> defaultRules() {
        return RulesLoader.load(RULES);
    }

    public static AppConfig defaultConfig() {
        return AppConfig.defaults(defaultRules());
    }

    /** Lines of a JSON-lines file, blank lines skipped. */
    public static List<String> jsonLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped sample reference data in maps, as the topology's global stores hold it. */
    public static MapReferenceData sampleReference() {
        MapReferenceData ref = new MapReferenceData();
        try {
            for (String l : jsonLines(REFERENCE.resolve("nationalities.jsonl"))) {
                ref.nationality(Json.mapper().readValue(l, Nationality.class));
            }
            for (String l : jsonLines(REFERENCE.resolve("districts.jsonl"))) {
                ref.district(Json.mapper().readValue(l, District.class));
            }
            for (String l : jsonLines(REFERENCE.resolve("sites.jsonl"))) {
                ref.site(Json.mapper().readValue(l, Site.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ref;
    }

    public static List<String> seedReports() {
        return jsonLines(SEED_SCENARIO);
    }

    public static String field(String json, String name) {
        return tree(json).path(name).asText(null);
    }

    public static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid report in a known district, for tests to modify. */
    public static ObjectNode report(String id, String occurredAt) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("id", id);
        r.put("occurred_at", occurredAt);
        r.put("event_type", "Violence against civilians");
        r.put("sub_event_type", "Attack");
        r.put("country", "TJ");
        r.put("admin1", "Khatlon");
        r.put("admin2", "Panj");
        r.put("fatalities", 0);
        return r;
    }

    /** A cross-border clash from Afghanistan in Shamsiddin Shohin without casualties, at 06:00 on {@code day}. */
    public static String crossBorderClash(String id, String day) {
        return with(report(id, day + "T06:00:00Z"), Map.of("event_type", "Battles", "sub_event_type", "Armed clash",
                "admin2", "Shamsiddin Shohin", "origin_country", "AF")).toString();
    }

    public static ObjectNode with(ObjectNode node, Map<String, Object> fields) {
        ObjectNode copy = node.deepCopy();
        fields.forEach((k, v) -> copy.set(k, Json.mapper().valueToTree(v)));
        return copy;
    }

    public static List<String> ids(List<? extends JsonNode> nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }
}
