package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.frontierwatch.model.Severity;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/** The sliding metric (one incident in, the too-old ones out) equals measuring each window from scratch. */
class RunningWindowTest {

    private static double measure(Rule rule, List<IncidentEntry> window) {
        return switch (rule.metric()) {
            case COUNT -> window.size();
            case SUM -> window.stream().mapToDouble(IncidentEntry::metricNumber).sum();
            case DISTINCT_COUNT -> {
                Set<String> distinct = new HashSet<>();
                window.forEach(e -> distinct.addAll(e.metricValues()));
                yield distinct.size();
            }
        };
    }

    @Test
    void shouldEqualAFreshMeasureOfEveryWindowForCountSumAndDistinctCount() {
        Duration window = Duration.ofDays(5);
        for (Rule rule : List.of(
                RuleFixtures.rule(MetricKind.COUNT, null, window, RuleFixtures.level(1, Severity.Minor)),
                RuleFixtures.rule(MetricKind.SUM, "fatalities", window, RuleFixtures.level(1, Severity.Minor)),
                RuleFixtures.rule(MetricKind.DISTINCT_COUNT, "site_id", window,
                        RuleFixtures.level(1, Severity.Minor)))) {
            Random random = new Random(42);
            List<IncidentEntry> incidents = new ArrayList<>();
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            for (int i = 0; i < 500; i++) {
                t = t.plusSeconds(random.nextInt(86_400));
                String site = random.nextInt(4) == 0 ? null : "s" + random.nextInt(7);
                incidents.add(IncidentEntry.of(rule, RuleFixtures.incident("i" + i, t, random.nextInt(6), site)));
            }
            RunningWindow running = RunningWindow.empty(rule.metric());
            int lo = 0;
            for (int i = 0; i < incidents.size(); i++) {
                running.add(incidents.get(i));
                long from = incidents.get(i).time() - window.toNanos();
                while (incidents.get(lo).time() < from) {
                    running.remove(incidents.get(lo++));
                }
                assertEquals(measure(rule, incidents.subList(lo, i + 1)), running.value(), rule.metric() + " at " + i);
                if (rule.metric() != MetricKind.DISTINCT_COUNT) {
                    RunningWindow resumed = RunningWindow.resume(rule.metric(), running.value());
                    assertEquals(running.value(), resumed.value(), "a count or sum resumes from its value");
                }
            }
        }
    }
}
