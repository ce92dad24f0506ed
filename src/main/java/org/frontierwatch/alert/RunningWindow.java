package org.frontierwatch.alert;

import java.util.HashMap;
import java.util.Map;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.state.IncidentEntry;

/**
 * A rule's metric over one sliding window as incidents enter and leave it: a count, a sum (of integer fields, so
 * exact in a double) or the number of distinct values. Sliding costs one step per incident in and out.
 */
final class RunningWindow {

    private final MetricKind kind;
    private double value;
    private final Map<String, Integer> distinct;

    private RunningWindow(MetricKind kind, double value) {
        this.kind = kind;
        this.value = value;
        this.distinct = kind == MetricKind.DISTINCT_COUNT ? new HashMap<>() : null;
    }

    static RunningWindow empty(MetricKind kind) {
        return new RunningWindow(kind, 0);
    }

    /** A count or sum window continued from its measured value (distinct counts need their values: not here). */
    static RunningWindow resume(MetricKind kind, double value) {
        if (kind == MetricKind.DISTINCT_COUNT) {
            throw new IllegalArgumentException("a distinct count cannot resume from its value alone");
        }
        return new RunningWindow(kind, value);
    }

    void add(IncidentEntry e) {
        switch (kind) {
            case COUNT -> value++;
            case SUM -> value += e.metricNumber();
            case DISTINCT_COUNT -> e.metricValues().forEach(v -> distinct.merge(v, 1, Integer::sum));
        }
    }

    void remove(IncidentEntry e) {
        switch (kind) {
            case COUNT -> value--;
            case SUM -> value -= e.metricNumber();
            case DISTINCT_COUNT -> e.metricValues()
                    .forEach(v -> distinct.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1));
        }
    }

    double value() {
        return kind == MetricKind.DISTINCT_COUNT ? distinct.size() : value;
    }

    /** The distinct values and their occurrences (distinct counts only). */
    Map<String, Integer> distinctValues() {
        return distinct;
    }
}
