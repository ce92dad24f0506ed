package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.junit.jupiter.api.Test;

/** The shipped rules file, and the ConfigException every mistake in a rules file produces. */
class RulesLoaderErrorMessageTest {

    private static final String FILE = "ops/custom-rules.yaml";

    /** Two valid rules; the tests break the second one (id=attacks) so its index and id both show. */
    private static final String VALID = """
            rules:
              - id: first-rule
                event: First
                type: immediate
                levels:
                  - {min: 1, severity: Minor, response: Monitor}
                headline: "first in {district}"
                instruction: "watch"
              - id: attacks
                event: Attacks in district
                type: windowed
                metric: count
                window: P7D
                group_by: [district]
                filter:
                  event_type: [Battles]
                levels:
                  - min: 2
                    severity: Severe
                    response: Prepare
                  - min: 4
                    severity: Extreme
                    response: Evacuate
                headline: "{count} attacks in {district}"
                instruction: "Prepare to leave {district}"
            """;

    private static String messageFor(String yaml) {
        return assertThrows(ConfigException.class, () -> RulesLoader.parse(FILE, yaml)).getMessage();
    }

    /** Asserts the message starts with the file name and contains the key path and each problem fragment. */
    private static void assertNamed(String yaml, String keyPath, String... problem) {
        String m = messageFor(yaml);
        assertTrue(m.startsWith(FILE + ": "), "file name first: " + m);
        assertTrue(m.contains(keyPath), "key path '" + keyPath + "' missing: " + m);
        for (String p : problem) {
            assertTrue(m.contains(p), "problem '" + p + "' missing: " + m);
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        int i = text.indexOf(from);
        assertTrue(i >= 0, "fixture lacks: " + from);
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    /** Replaces inside the second rule only. */
    private static String breakSecondRule(String from, String to) {
        int second = VALID.indexOf("  - id: attacks");
        return VALID.substring(0, second) + replaceOnce(VALID.substring(second), from, to);
    }

    @Test
    void shouldAcceptTheValidFixture() {
        List<Rule> rules = RulesLoader.parse(FILE, VALID);
        assertEquals(List.of("first-rule", "attacks"), rules.stream().map(Rule::id).toList());
        assertEquals(List.of(2.0, 4.0), rules.get(1).levels().stream().map(l -> l.min()).toList());
    }

    @Test
    void shouldLoadTheShippedRulesInFileOrder() {
        List<Rule> rules = RulesLoader.load(Path.of("config/rules.yaml"));
        assertEquals(5, rules.size());
        assertEquals(List.of("foreign-workers-killed", "repeat-attacks-on-nationals", "cross-border-incursions",
                "district-fatalities", "weapons-cache"), rules.stream().map(Rule::id).toList());
    }

    @Test
    void shouldGroupTheShippedImmediateRuleByIncidentWithAZeroWindow() {
        Rule cache = RulesLoader.load(Path.of("config/rules.yaml")).stream()
                .filter(r -> r.id().equals("weapons-cache")).findFirst().orElseThrow();
        assertEquals(RuleKind.IMMEDIATE, cache.kind());
        assertEquals(List.of(GroupDimension.INCIDENT), cache.groupBy());
        assertEquals(Duration.ZERO, cache.window());
        assertEquals(Scope.DISTRICT, cache.scope());
        assertEquals(Duration.ofDays(7), cache.expiresAfter());
    }

    @Test
    void shouldReadTheShippedWindowedRulesLadderAndMetric() {
        List<Rule> rules = RulesLoader.load(Path.of("config/rules.yaml"));
        Rule fatalities = rules.get(3);
        assertEquals(RuleKind.WINDOWED, fatalities.kind());
        assertEquals(MetricKind.SUM, fatalities.metric());
        assertEquals("fatalities", fatalities.field());
        assertEquals(Duration.ofDays(30), fatalities.window());
        assertEquals(List.of(GroupDimension.DISTRICT_WITH_NEIGHBOURS), fatalities.groupBy());
        assertEquals(List.of(3.0, 8.0), fatalities.levels().stream().map(l -> l.min()).toList());
        assertEquals(List.of(Severity.Severe, Severity.Extreme), fatalities.levels().stream().map(l -> l.severity())
                .toList());
        assertEquals(ResponseType.Evacuate, fatalities.levels().get(1).response());
        assertEquals(List.of(GroupDimension.COUNTRY, GroupDimension.FOREIGN_VICTIM_NATIONALITY),
                rules.get(1).groupBy());
        assertEquals(Scope.BORDER_DISTRICTS_VICTIM_NATIONALITY, rules.get(1).scope());
    }

    @Test
    void shouldReadRadiusNeighboursSourcesAndExposureKeys() {
        Rule rule = RulesLoader.parse(FILE, breakSecondRule("group_by: [district]",
                "group_by: [district_with_neighbours]\n    scope: radius\n    radius_km: 15\n"
                        + "    min_exposed_workers: 20")
                .replace("response: Evacuate", "response: Evacuate\n        radius_km: 40\n        min_sources: 2"))
                .get(1);
        assertEquals(List.of(GroupDimension.DISTRICT_WITH_NEIGHBOURS), rule.groupBy());
        assertEquals(Scope.RADIUS, rule.scope());
        assertEquals(15.0, rule.radiusAt(rule.levels().get(0)));
        assertEquals(40.0, rule.radiusAt(rule.levels().get(1)));
        assertEquals(0, rule.levels().get(0).minSources());
        assertEquals(2, rule.levels().get(1).minSources());
        assertEquals(20, rule.minExposedWorkers());
        assertEquals(null, rule.levels().get(0).certainty(), "no certainty: it follows the sources");
    }

    @Test
    void shouldNameTheMistakesOfTheRadiusNeighbourSourcesAndExposureKeys() {
        assertNamed(breakSecondRule("group_by: [district]", "group_by: [district]\n    scope: radius"),
                "rules[1] (id=attacks).radius_km", "scope: radius needs radius_km", "levels[0]");
        assertNamed(breakSecondRule("group_by: [district]", "group_by: [district]\n    radius_km: 5"),
                "rules[1] (id=attacks).radius_km", "only a rule with scope: radius", "district");
        assertNamed(breakSecondRule("group_by: [district]", "group_by: [district]\n    scope: radius\n"
                + "    radius_km: 0"), "rules[1] (id=attacks).radius_km", "greater than 0", "2000");
        assertNamed(breakSecondRule("group_by: [district]", "group_by: [district, district_with_neighbours]"),
                "rules[1] (id=attacks).group_by", "keep one");
        assertNamed(breakSecondRule("response: Evacuate", "response: Evacuate\n        min_sources: 0"),
                "rules[1] (id=attacks).levels[1].min_sources", "from 1 to 16");
        assertNamed(breakSecondRule("group_by: [district]", "group_by: [district]\n    min_exposed_workers: -1"),
                "rules[1] (id=attacks).min_exposed_workers", "non-negative");
    }

    @Test
    void shouldNameTheRuleAndKeyOfAnUnknownSeverity() {
        assertNamed(breakSecondRule("severity: Severe", "severity: Huge"),
                "rules[1] (id=attacks).levels[0].severity", "'Huge'", "Extreme");
    }

    @Test
    void shouldNameTheLevelWhoseThresholdDoesNotRise() {
        assertNamed(breakSecondRule("min: 4", "min: 2"), "rules[1] (id=attacks).levels[1].min", "rise");
        assertNamed(breakSecondRule("min: 4", "min: 1"), "rules[1] (id=attacks).levels[1].min", "rise");
    }

    @Test
    void shouldNameAnUnknownPlaceholderInTheHeadline() {
        assertNamed(breakSecondRule("{count} attacks in {district}", "{count} attacks in {distrct}"),
                "rules[1] (id=attacks).headline", "unknown placeholder", "{distrct}");
    }

    @Test
    void shouldNameAnUnknownKeyInARule() {
        assertNamed(breakSecondRule("event: Attacks in district", "event: Attacks in district\n    colour: red"),
                "rules[1] (id=attacks).colour", "unknown key");
    }

    @Test
    void shouldNameTheMissingFieldOfASumMetric() {
        assertNamed(breakSecondRule("metric: count", "metric: sum"), "rules[1] (id=attacks).field", "sum",
                "fatalities");
    }

    @Test
    void shouldNameADuplicateRuleId() {
        assertNamed(breakSecondRule("id: attacks", "id: first-rule"), "rules[1] (id=first-rule).id", "duplicate");
    }

    @Test
    void shouldNameAnImmediateRuleThatHasAWindow() {
        String yaml = breakSecondRule("type: windowed", "type: immediate");
        assertNamed(yaml, "rules[1] (id=attacks)", "immediate", "window");
    }

    @Test
    void shouldNameABadIsoDuration() {
        assertNamed(breakSecondRule("window: P7D", "window: 7 days"), "rules[1] (id=attacks).window", "'7 days'",
                "ISO-8601");
        assertNamed(breakSecondRule("headline:", "expires_after: two weeks\n    headline:"),
                "rules[1] (id=attacks).expires_after", "'two weeks'");
    }

    @Test
    void shouldNameAnUnknownAcledEventTypeInAFilter() {
        assertNamed(breakSecondRule("event_type: [Battles]", "event_type: [Battles, Earthquakes]"),
                "rules[1] (id=attacks).filter.event_type", "'Earthquakes'", "ACLED");
    }

    @Test
    void shouldSayTheRulesListIsMissing() {
        assertNamed("alerts:\n  - id: x\n", "rules", "missing");
        assertNamed("", "rules", "missing");
    }

    @Test
    void shouldNameASyntaxError() {
        assertNamed("rules: [ {id: r1, ", "(syntax)", "not valid YAML");
        assertNamed("rules:\n  - id: \"unterminated\n    event: x\n", "(syntax)", "not valid YAML");
    }

    @Test
    void shouldNameAMissingFileWhenLoading() {
        Path missing = Path.of("config", "no-such-rules.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> RulesLoader.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
