package org.frontierwatch.ruletest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.ReportRecord;

/**
 * One rule unit test of a test file: the rules file, the reference data, the input reports in order and the
 * alert messages expected from them, in order. Produced by {@link RuleTestParser}; consumed by the runner.
 *
 * @param where          how messages name the test, e.g. {@code tests[0] (name=seed story)}
 * @param referenceDir   a reference directory, or null when the data is inline
 * @param reference      inline reference records per topic kind ({@code sites}, {@code nationalities},
 *                       {@code districts}): key to JSON, in order; empty when {@code referenceDir} is set
 * @param now            the wall clock of the run (decides {@code future_timestamp}); null: the real clock
 * @param quietAfter     wall-clock time with no input after the last report (held Updates go out, AllClears whose
 *                       wall-clock bound passes); null: the rules' longest update interval
 * @param expectedDeadLetters the expected dead-letter reasons in order, or null when not compared
 */
public record RuleTestCase(String name, String where, Path rules, Path referenceDir,
                           Map<String, List<Map.Entry<String, String>>> reference, List<ReportRecord> input,
                           Instant now, Duration quietAfter, List<ExpectedMessage> expected,
                           List<String> expectedDeadLetters) {

    public RuleTestCase {
        reference = Map.copyOf(reference);
        input = List.copyOf(input);
        expected = List.copyOf(expected);
        expectedDeadLetters = expectedDeadLetters == null ? null : List.copyOf(expectedDeadLetters);
    }
}
