package org.frontierwatch.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.ReliabilityOracle;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/** The generator and the offline oracle agree with each other before any fault test relies on them. */
class ReliabilityOracleTest {

    private final AppConfig config = Fixtures.defaultConfig();

    @Test
    void shouldGenerateTheSameScenarioForTheSameSeed() {
        Scenario a = ScenarioGenerator.generate(7, 500, 4, config.topics());
        Scenario b = ScenarioGenerator.generate(7, 500, 4, config.topics());
        assertEquals(a.reports().size(), b.reports().size());
        for (int i = 0; i < a.reports().size(); i++) {
            assertArrayEquals(a.reports().get(i).value(), b.reports().get(i).value(), "record " + i);
            assertEquals(a.reports().get(i).partition(), b.reports().get(i).partition(), "record " + i);
        }
        assertEquals(a.reportDeadLetters(), b.reportDeadLetters());
    }

    @Test
    void shouldAccountForEveryGeneratedReport() {
        Scenario s = ScenarioGenerator.generate(11, 1500, 4, config.topics());
        assertEquals(s.reports().size(), s.accountedFor());
        assertTrue(s.duplicates() > 0 && s.revisions() > 0 && s.retractions() > 0 && s.ignoredRetractions() > 0);
        assertTrue(s.reportDeadLetters().keySet().containsAll(Set.of("late", "invalid_json", "not_an_object",
                "missing_field", "unknown_event_type", "negative_value", "future_timestamp", "key_mismatch",
                "missing_key")), s.reportDeadLetters().toString());
    }

    @Test
    void shouldDeadLetterExactlyWhatTheGeneratorPredictsAndCountEveryOtherFate() {
        Scenario s = ScenarioGenerator.generate(11, 1500, 4, config.topics());
        ReliabilityOracle.Outcome expected = ReliabilityOracle.expected(s, config);
        assertEquals(s.reportDeadLetters(), expected.reportDeadLetters());
        assertEquals(s.referenceDeadLetters(), expected.referenceDeadLetters());
    }

    @Test
    void shouldMatchTheGeneratorsAccountingInTheProcessorsOwnCounters() {
        Scenario s = ScenarioGenerator.generate(11, 1500, 4, config.topics());
        try (TopologyHarness harness = new TopologyHarness(config)) {
            ReliabilityOracle.pipe(harness, s, config);
            assertEquals(s.accepted(), harness.metrics.count("frontierwatch.reports.accepted", "kind", "new"));
            assertEquals(s.revisions(), harness.metrics.count("frontierwatch.reports.accepted", "kind", "revision"));
            assertEquals(s.duplicates(), harness.metrics.count("frontierwatch.reports.duplicate"));
            assertEquals(s.retractions(), harness.metrics.count("frontierwatch.reports.retracted", "known", "true"));
            assertEquals(s.ignoredRetractions(), harness.metrics.count("frontierwatch.reports.retracted", "known",
                    "false"));
            assertEquals(s.reports().size(), harness.metrics.count("frontierwatch.reports.received"));
        }
    }

    @Test
    void shouldExerciseEveryDefaultRuleAndEveryMessageType() {
        Scenario s = ScenarioGenerator.generate(11, 1500, 4, config.topics());
        ReliabilityOracle.Outcome expected = ReliabilityOracle.expected(s, config);
        Set<String> rules = new TreeSet<>();
        Set<MsgType> types = new TreeSet<>();
        for (List<Alert> messages : expected.alertsByKey().values()) {
            messages.forEach(a -> {
                rules.add(a.content().ruleId());
                types.add(a.msgType());
            });
            assertEquals(MsgType.Alert, messages.get(0).msgType(), "a key starts with an Alert");
            assertEquals(1, messages.stream().filter(a -> a.msgType() == MsgType.Alert).count(), "one Alert per key");
        }
        assertEquals(Set.of("foreign-workers-killed", "repeat-attacks-on-nationals", "cross-border-incursions",
                "district-fatalities", "weapons-cache"), rules);
        assertEquals(Set.of(MsgType.Alert, MsgType.Update, MsgType.Cancel), types);
        assertTrue(expected.alertsByKey().size() > 50, "keys: " + expected.alertsByKey().size());
    }
}
