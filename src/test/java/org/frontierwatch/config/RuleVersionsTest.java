package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.frontierwatch.model.Alert;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule's version is the hash of what it says: formatting and its description do not change it, a value does. */
class RuleVersionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static String version(String yaml) throws Exception {
        JsonNode node = YAML.readTree(yaml);
        return RuleVersions.of(node);
    }

    @Test
    void shouldKeepTheVersionWhenOnlyLayoutKeyOrderOrDescriptionChange() throws Exception {
        String a = version("id: r\ntype: windowed\nwindow: P30D\nlevels:\n  - {min: 3, response: Prepare}\n"
                + "  - {min: 8, response: Evacuate}\n");
        String b = version("# a comment\nwindow: P30D\nlevels: [{response: Prepare, min: 3},\n"
                + "         {response: Evacuate, min: 8}]\ndescription: now explained\nid: r\ntype: windowed\n");
        assertEquals(a, b);
        assertTrue(a.matches("[0-9a-f]{12}"), a);
    }

    @Test
    void shouldChangeTheVersionWhenAThresholdChanges() throws Exception {
        assertNotEquals(version("id: r\nlevels: [{min: 8, response: Evacuate}]\n"),
                version("id: r\nlevels: [{min: 10, response: Evacuate}]\n"));
    }

    /** Through the production topology: each message of the seed story carries the version of its rule. */
    @Test
    void shouldStampEveryAlertOfTheSeedStoryWithItsRulesVersion() {
        Map<String, String> versions = new HashMap<>();
        Fixtures.defaultRules().forEach(r -> versions.put(r.id(), r.version()));
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            assertEquals(Fixtures.SEED_ALERTS.size(), h.alerts().size());
            for (Alert a : h.alerts()) {
                assertEquals(versions.get(a.content().ruleId()), a.content().ruleVersion(), a.alertId());
            }
        }
    }

    @Test
    void shouldGiveEveryShippedRuleItsOwnVersionTheSameOnEveryLoad(@TempDir Path tmp) throws Exception {
        List<Rule> rules = Fixtures.defaultRules();
        Set<String> versions = new HashSet<>();
        rules.forEach(r -> versions.add(r.version()));
        assertEquals(rules.size(), versions.size(), versions.toString());
        Path copy = tmp.resolve("rules.yaml");
        Files.writeString(copy, "# reloaded\n" + Files.readString(Fixtures.RULES));
        assertEquals(rules.stream().map(Rule::version).toList(),
                RulesLoader.load(copy).stream().map(Rule::version).toList());
    }
}
