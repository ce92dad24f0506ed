package org.frontierwatch.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.ruletest.MessageComparison;
import org.frontierwatch.ruletest.RuleTestCase;
import org.frontierwatch.serde.Json;

/**
 * Runs one rule unit test through the production topology offline ({@link OfflineTopology}): consumes a
 * {@link RuleTestCase} and the configuration for its rules file; produces the messages it raised (those its input
 * caused, then those sent while the input stays quiet: {@code quiet_after}), the dead letters and the differences
 * from the expectation (none: the test passes).
 */
public final class RuleTestRunner {

    /** The outcome of a test; {@code error} is set (and nothing else) when the test could not run. */
    public record Result(RuleTestCase test, List<JsonNode> alerts, List<String> deadLetters, List<String> differences,
                         String error) {

        public boolean passed() {
            return error == null && differences.isEmpty();
        }
    }

    private RuleTestRunner() {
    }

    /** @param configFor the configuration to run the test's rules file with (ConfigException when it is broken) */
    public static Result run(RuleTestCase test, Function<Path, AppConfig> configFor) {
        AppConfig config;
        try {
            config = configFor.apply(test.rules());
        } catch (ConfigException e) {
            return new Result(test, List.of(), List.of(), List.of(), e.getMessage());
        }
        List<JsonNode> alerts = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        try (OfflineTopology topology = new OfflineTopology(config, test.now() != null ? test.now() : Instant.now())) {
            if (test.referenceDir() != null) {
                topology.loadReferenceDir(test.referenceDir());
            } else {
                for (Map.Entry<String, List<Map.Entry<String, String>>> kind : test.reference().entrySet()) {
                    kind.getValue().forEach(r -> topology.reference(kind.getKey(), r.getKey(), r.getValue()));
                }
            }
            for (ReportRecord r : test.input()) {
                OfflineTopology.Step step = topology.report(r.key(), r.value());
                step.alerts().forEach(a -> alerts.add(tree(a.json())));
                deadLetters.addAll(step.deadLetters());
            }
            Duration quiet = test.quietAfter() != null ? test.quietAfter()
                    : config.cadence().longestUpdateInterval(config.rules());
            topology.quiet(quiet).alerts().forEach(a -> alerts.add(tree(a.json())));
        } catch (ConfigException e) {
            return new Result(test, List.of(), List.of(), List.of(), e.getMessage());
        }
        List<String> differences = new ArrayList<>(MessageComparison.differences(test.expected(), alerts));
        if (test.expectedDeadLetters() != null && !test.expectedDeadLetters().equals(deadLetters)) {
            differences.add("dead letters: expected " + test.expectedDeadLetters() + ", got " + deadLetters);
        }
        return new Result(test, alerts, deadLetters, differences, null);
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
