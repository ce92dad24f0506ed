package org.frontierwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Severity;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/** The sliding metric (one incident in, the too-old ones out) equals measuring each window from scratch. */
class RunningMetricTest {

    @Test
    void shouldEqualAFreshMeasureOfEveryWindowForCountSumAndDistinctCount() {
        Random random = new Random(42);
        List<Incident> incidents = new ArrayList<>();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 500; i++) {
            t = t.plusSeconds(random.nextInt(86_400));
            String site = random.nextInt(4) == 0 ? null : "s" + random.nextInt(7);
            incidents.add(RuleFixtures.incident("i" + i, t, random.nextInt(6), site));
        }
        Duration window = Duration.ofDays(5);
        for (Rule rule : List.of(
                RuleFixtures.rule(MetricKind.COUNT, null, window, RuleFixtures.level(1, Severity.Minor)),
                RuleFixtures.rule(MetricKind.SUM, "fatalities", window, RuleFixtures.level(1, Severity.Minor)),
                RuleFixtures.rule(MetricKind.DISTINCT_COUNT, "site_id", window, RuleFixtures.level(1, Severity.Minor)))) {
            WindowEvaluator.RunningMetric running = new WindowEvaluator.RunningMetric(rule);
            int lo = 0;
            for (int i = 0; i < incidents.size(); i++) {
                running.add(incidents.get(i));
                Instant from = incidents.get(i).occurredAt().minus(window);
                while (incidents.get(lo).occurredAt().isBefore(from)) {
                    running.remove(incidents.get(lo++));
                }
                assertEquals(WindowEvaluator.measure(rule, incidents.subList(lo, i + 1)), running.value(i - lo + 1),
                        rule.metric() + " at " + i);
            }
        }
    }
}
