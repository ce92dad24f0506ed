package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Rules as records of the rules topic, and what publishing a file would change. */
class RuleDiffTest {

    private static Map<String, String> shipped() throws Exception {
        return RuleDocuments.ofFile(Fixtures.RULES.toString(), Files.readString(Fixtures.RULES));
    }

    @Test
    void shouldGiveEachRuleOfAFileTheVersionItHasWhenLoadedFromTheFile() throws Exception {
        Map<String, String> records = shipped();
        List<Rule> loaded = Fixtures.defaultRules();
        assertEquals(loaded.stream().map(Rule::id).toList(), List.copyOf(records.keySet()));
        for (Rule rule : loaded) {
            assertEquals(rule.version(), RuleDocuments.version(records.get(rule.id())), rule.id());
            assertEquals(rule, RuleDocuments.parseRecord(rule.id(), records.get(rule.id())), rule.id());
        }
    }

    @Test
    void shouldRefuseARecordWhoseRuleIsNotItsKeyOrNotARule() throws Exception {
        String fatalities = shipped().get("district-fatalities");
        ConfigException wrongKey = assertThrows(ConfigException.class,
                () -> RuleDocuments.parseRecord("other", fatalities));
        assertTrue(wrongKey.getMessage().startsWith("rules topic record 'other': rule.id:"), wrongKey.getMessage());
        assertThrows(ConfigException.class, () -> RuleDocuments.parseRecord("x", "[1, 2]"));
        assertThrows(ConfigException.class, () -> RuleDocuments.parseRecord("x", "{bad"));
        assertNull(RuleDocuments.version("{bad"));
    }

    @Test
    void shouldListAddedChangedUnchangedAndOnlyInForceRulesAndPublishOnlyWhatChanged() throws Exception {
        Map<String, String> file = shipped();
        Map<String, String> inForce = new LinkedHashMap<>(file);
        inForce.remove("weapons-cache");
        inForce.put("district-fatalities", file.get("district-fatalities").replace("\"min\":8", "\"min\":10"));
        inForce.put("foreign-workers-killed", file.get("foreign-workers-killed")
                .replace("\"description\":\"", "\"description\":\"Old wording. "));
        inForce.put("retired-rule", file.get("weapons-cache").replace("\"id\":\"weapons-cache\"",
                "\"id\":\"retired-rule\""));

        RuleDiff diff = RuleDiff.between(inForce, file);
        List<String> lines = diff.entries().stream().map(RuleDiff.Entry::line).toList();
        assertEquals(List.of(
                "= foreign-workers-killed 100ea454b752 (description only: same version)",
                "= repeat-attacks-on-nationals 6337a81c10c1",
                "= cross-border-incursions f5abd3131706",
                "~ district-fatalities " + RuleDocuments.version(inForce.get("district-fatalities"))
                        + " -> 6ae1793a05c5 (levels)",
                "+ weapons-cache 090ea714a4c9 (new)",
                "- retired-rule " + RuleDocuments.version(inForce.get("retired-rule"))
                        + " (in force, not in the file: kept; --prune takes it out of force)"), lines);
        assertEquals(List.of("foreign-workers-killed", "district-fatalities", "weapons-cache"),
                List.copyOf(diff.toPublish(file, false).keySet()));
        Map<String, String> pruned = diff.toPublish(file, true);
        assertTrue(pruned.containsKey("retired-rule"));
        assertNull(pruned.get("retired-rule"), "a tombstone");
    }
}
