package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

class RulesLoaderTest {

    private static final String RULE = """
            rules:
              - id: r1
                event: Test
                type: windowed
                window: P7D
                levels:
                  - {min: 1, severity: Severe, response: Monitor}
                headline: "h {district}"
                instruction: "i"
            """;

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> RulesLoader.parse("my-rules.yaml", yaml)).getMessage();
    }

    private static void assertError(String yaml, String... fragments) {
        String message = error(yaml);
        assertTrue(message.startsWith("my-rules.yaml: "), message);
        for (String f : fragments) {
            assertTrue(message.contains(f), "'" + f + "' missing from: " + message);
        }
    }

    @Test
    void shouldLoadTheShippedRules() throws Exception {
        List<Rule> rules = Fixtures.defaultRules();
        assertEquals(List.of("foreign-workers-killed", "repeat-attacks-on-nationals", "cross-border-incursions",
                "district-fatalities", "weapons-cache"), rules.stream().map(Rule::id).toList());
        Rule cache = rules.get(4);
        assertEquals(RuleKind.IMMEDIATE, cache.kind());
        assertEquals(List.of(GroupDimension.INCIDENT), cache.groupBy());
        assertEquals(Duration.ZERO, cache.window());
        assertEquals(List.of(GroupDimension.COUNTRY, GroupDimension.FOREIGN_VICTIM_NATIONALITY),
                rules.get(1).groupBy());
        assertEquals(1, RulesLoader.parse("x", RULE).size());
        assertTrue(Files.exists(Path.of("config/rules.yaml")));
    }

    @Test
    void shouldNameFileRuleKeyAndProblem() {
        assertError(RULE.replace("severity: Severe", "severity: Huge"), "rules[0] (id=r1).levels[0].severity",
                "'Huge'");
        assertError(RULE.replace("  - {min: 1, severity: Severe, response: Monitor}",
                "  - {min: 2, severity: Severe, response: Monitor}\n      - {min: 1, severity: Extreme, response: "
                        + "Evacuate}"),
                "(id=r1).levels[1].min", "rise");
        assertError(RULE.replace("h {district}", "h {distrct}"), "(id=r1).headline", "{distrct}");
        assertError(RULE.replace("event: Test", "event: Test\n    colour: red"), "(id=r1).colour", "unknown key");
        assertError(RULE.replace("window: P7D", "window: P7D\n    metric: sum"), "(id=r1).field", "sum");
        assertError(RULE + RULE.substring(RULE.indexOf("  - id")), "rules[1] (id=r1).id", "duplicate");
        assertError(RULE.replace("type: windowed", "type: immediate"), "(id=r1)", "immediate");
        assertError(RULE.replace("P7D", "7 days"), "(id=r1).window", "ISO-8601");
        assertError(RULE.replace("window: P7D", "window: P7D\n    filter: {event_type: [Earthquakes]}"),
                "(id=r1).filter.event_type", "Earthquakes");
        assertError("nothing: here\n", "rules", "missing");
        assertError("rules: [ {id: r1, ", "(syntax)");
    }

    @Test
    void shouldReadARulesOwnUpdateIntervalAndLeaveItUnsetForTheDefault() {
        assertEquals(null, RulesLoader.parse("x", RULE).get(0).updateInterval());
        Rule everyChange = RulesLoader.parse("x", RULE.replace("window: P7D", "window: P7D\n    update_interval: PT0S"))
                .get(0);
        assertEquals(Duration.ZERO, everyChange.updateInterval());
        assertEquals(Duration.ZERO, AlertCadence.DEFAULT.updateInterval(everyChange));
        assertError(RULE.replace("window: P7D", "window: P7D\n    update_interval: -PT1H"), "(id=r1).update_interval",
                "must not be negative");
        assertError(RULE.replace("window: P7D", "window: P7D\n    update_interval: daily"), "(id=r1).update_interval",
                "ISO-8601");
    }

    @Test
    void shouldNameAMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulesLoader.load(Path.of("no/such/rules.yaml")));
        assertTrue(e.getMessage().startsWith("no/such/rules.yaml: "), e.getMessage());
    }
}
