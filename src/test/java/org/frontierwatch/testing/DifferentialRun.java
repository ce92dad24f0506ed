package org.frontierwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.legacy.LegacyOracle;

/**
 * Drives the production {@link GroupEvaluator} (over an {@link InMemoryGroupStore}) and the {@link LegacyOracle}
 * with the same incident changes, routed to rule groups the way the topology routes them, and records where their
 * messages first differ. Consumes incident changes (old and new version); produces both message lists.
 */
public final class DifferentialRun {

    /** Routes one incident version to its rule groups: group key to group values (the topology's router). */
    public interface Router extends BiFunction<Rule, Incident, Map<String, Map<String, String>>> {
    }

    private final List<Rule> rules;
    private final Router router;
    private final InMemoryGroupStore store = new InMemoryGroupStore();
    private final GroupEvaluator evaluator;
    private final LegacyOracle oracle;
    private Instant watermark;
    private int changes;
    public final List<Alert> actual = new ArrayList<>();
    public final List<Alert> expected = new ArrayList<>();
    private String firstDifference;

    public DifferentialRun(List<Rule> rules, ReferenceData reference, Duration grace, Router router) {
        this.rules = rules;
        this.router = router;
        // Every change at once, as the legacy evaluator sends them; the cadence has tests of its own.
        this.evaluator = new GroupEvaluator(new AlertFactory(reference, code -> { }), grace);
        this.oracle = new LegacyOracle(reference, grace);
    }

    public InMemoryGroupStore store() {
        return store;
    }

    /** One accepted report: {@code before} the version it replaced (or null), {@code after} the new one (or null). */
    public void change(String id, Incident before, Incident after, Instant now) {
        for (Rule rule : rules) {
            Incident b = before != null && rule.filter().matches(before) ? before : null;
            Incident a = after != null && rule.filter().matches(after) ? after : null;
            if (b == null && a == null) {
                continue;
            }
            Map<String, Map<String, String>> beforeGroups = b == null ? Map.of() : router.apply(rule, b);
            Map<String, Map<String, String>> afterGroups = a == null ? Map.of() : router.apply(rule, a);
            Map<String, Map<String, String>> all = new LinkedHashMap<>(beforeGroups);
            afterGroups.forEach(all::putIfAbsent);
            for (Map.Entry<String, Map<String, String>> g : all.entrySet()) {
                Incident gb = beforeGroups.containsKey(g.getKey()) ? b : null;
                Incident ga = afterGroups.containsKey(g.getKey()) ? a : null;
                GroupChange change = new GroupChange(rule.id(), g.getKey(), g.getValue(), id, gb, ga, 0L);
                Instant time = (ga != null ? ga : gb).occurredAt();
                if (watermark == null || time.isAfter(watermark)) {
                    watermark = time;
                }
                List<Alert> got = withoutAsOf(evaluator.apply(rule, store, change, watermark, now).alerts());
                List<Alert> want = oracle.apply(rule, change, now);
                changes++;
                if (firstDifference == null && !got.equals(want)) {
                    firstDifference = "change " + changes + " (" + id + " in " + rule.id() + "/" + g.getKey()
                            + ", before " + (gb == null ? null : gb.occurredAt()) + ", after "
                            + (ga == null ? null : ga.occurredAt()) + "):\n  expected " + want + "\n  actual   " + got;
                }
                actual.addAll(got);
                expected.addAll(want);
            }
        }
    }

    /**
     * The messages without {@code as_of}, which the legacy evaluator (written before it existed) does not set; the
     * cadence tests check it.
     */
    public static List<Alert> withoutAsOf(List<Alert> alerts) {
        return alerts.stream().map(a -> new Alert(a.key(), a.alertId(), a.msgType(), a.references(), a.content(),
                a.sent(), a.expires(), null)).toList();
    }

    /** Null when every change sent the same messages; else the first change where they differed. */
    public String firstDifference() {
        return firstDifference;
    }

    public int changes() {
        return changes;
    }
}
