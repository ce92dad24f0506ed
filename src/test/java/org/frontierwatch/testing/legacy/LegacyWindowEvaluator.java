package org.frontierwatch.testing.legacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.frontierwatch.model.Incident;
import org.frontierwatch.rules.MetricFields;
import org.frontierwatch.rules.Rule;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * Evaluates a rule over the incidents of one group with sliding event-time windows: every incident closes a
 * window reaching back {@code rule.window()} (both ends inclusive, so "within 7 days" means what it says), the
 * rule's metric is measured over each window, and overlapping firing windows merge into {@link LegacyEpisode}s.
 */
public final class LegacyWindowEvaluator {

    public static final Comparator<Incident> BY_TIME =
            Comparator.comparing(Incident::occurredAt).thenComparing(Incident::id);

    private LegacyWindowEvaluator() {
    }

    public static List<LegacyEpisode> episodes(Rule rule, List<Incident> contributions) {
        List<Incident> sorted = new ArrayList<>(contributions);
        sorted.sort(BY_TIME);
        List<LegacyEpisode> episodes = new ArrayList<>();
        int episodeStart = -1;
        int episodeEnd = -1;
        int bestLevel = -1;
        double bestValue = 0;
        int lo = 0;
        // The metric is kept up to date as the window slides (one incident in, those too old out), so a group of n
        // incidents costs O(n), not O(n x window). Sums are of integer fields, exact in a double.
        RunningMetric running = new RunningMetric(rule);
        for (int i = 0; i < sorted.size(); i++) {
            Instant from = sorted.get(i).occurredAt().minus(rule.window());
            running.add(sorted.get(i));
            while (sorted.get(lo).occurredAt().isBefore(from)) {
                running.remove(sorted.get(lo));
                lo++;
            }
            double value = running.value(i - lo + 1);
            int level = rule.levelFor(value);
            if (level < 0) {
                continue;
            }
            if (episodeStart >= 0 && lo <= episodeEnd) {
                episodeEnd = i;
                if (level > bestLevel || (level == bestLevel && value > bestValue)) {
                    bestLevel = level;
                    bestValue = value;
                }
            } else {
                if (episodeStart >= 0) {
                    episodes.add(new LegacyEpisode(sorted.subList(episodeStart, episodeEnd + 1), bestLevel, bestValue));
                }
                episodeStart = lo;
                episodeEnd = i;
                bestLevel = level;
                bestValue = value;
            }
        }
        if (episodeStart >= 0) {
            episodes.add(new LegacyEpisode(sorted.subList(episodeStart, episodeEnd + 1), bestLevel, bestValue));
        }
        return episodes;
    }

    /** The rule's metric over the incidents added and not yet removed. */
    static final class RunningMetric {
        private final Rule rule;
        private double sum;
        private final Map<String, Integer> distinct = new HashMap<>();

        RunningMetric(Rule rule) {
            this.rule = rule;
        }

        void add(Incident i) {
            switch (rule.metric()) {
                case SUM -> sum += MetricFields.number(rule.field(), i);
                case DISTINCT_COUNT -> MetricFields.values(rule.field(), i)
                        .forEach(v -> distinct.merge(v, 1, Integer::sum));
                default -> { }
            }
        }

        void remove(Incident i) {
            switch (rule.metric()) {
                case SUM -> sum -= MetricFields.number(rule.field(), i);
                case DISTINCT_COUNT -> MetricFields.values(rule.field(), i)
                        .forEach(v -> distinct.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1));
                default -> { }
            }
        }

        double value(int count) {
            return switch (rule.metric()) {
                case COUNT -> count;
                case SUM -> sum;
                case DISTINCT_COUNT -> distinct.size();
            };
        }
    }

    /** The metric over one window, measured from scratch: the reference {@link RunningMetric} is tested against. */
    static double measure(Rule rule, List<Incident> window) {
        return switch (rule.metric()) {
            case COUNT -> window.size();
            case SUM -> window.stream().mapToDouble(i -> MetricFields.number(rule.field(), i)).sum();
            case DISTINCT_COUNT -> {
                Set<String> distinct = new HashSet<>();
                window.forEach(i -> distinct.addAll(MetricFields.values(rule.field(), i)));
                yield distinct.size();
            }
        };
    }
}
