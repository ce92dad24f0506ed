package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Severity;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.testing.InMemoryGroupStore;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/**
 * Idle groups leave the store through the expiry index once their incidents and alerts have aged out (window plus
 * twice the grace period after their newest evidence, within the week after), and only then; busy groups purge old
 * incidents as they go.
 */
class GroupExpiryTest {

    static final Instant T0 = Instant.parse("2025-11-01T00:00:00Z");
    static final Duration GRACE = Duration.ofDays(7);
    private final Rule rule = RuleFixtures.rule(MetricKind.COUNT, null, Duration.ofDays(7),
            RuleFixtures.level(2, Severity.Severe));
    private final GroupEvaluator evaluator = new GroupEvaluator(new AlertFactory(new MapReferenceData(), c -> { }),
            GRACE);
    private final InMemoryGroupStore store = new InMemoryGroupStore();

    private void add(String district, String id, Instant at) {
        Incident i = RuleFixtures.incident(id, at, 1, null);
        evaluator.apply(rule, store, new GroupChange(rule.id(), district, Map.of("district", district), id, null, i,
                0L), at, T0.plus(Duration.ofDays(400)));
    }

    /** What the processor's punctuator does at {@code streamTime}: expire the groups indexed under earlier days. */
    private List<String> expire(Instant streamTime) {
        List<String> due = new ArrayList<>();
        store.scanExpiry(GroupEvaluator.expiryBucket(EntryKey.nanos(streamTime)), (bucket, group) -> due.add(group));
        due.forEach(g -> evaluator.expire(rule, store, g, streamTime));
        return due;
    }

    @Test
    void shouldDeleteAnIdleGroupOnlyAfterItsIncidentsAndAlertsHaveAgedOut() {
        add("quiet", "a", T0);
        add("quiet", "b", T0.plus(Duration.ofDays(1))); // fires: an alert to remember
        assertEquals(1, store.expiryIndexSize(), "one index entry per group");
        Instant expiresAt = T0.plus(Duration.ofDays(1)).plus(rule.window()).plus(GRACE).plus(GRACE);

        expire(expiresAt.minus(Duration.ofHours(1)));
        assertEquals(2, store.entryCount(rule.id() + "/quiet"), "not yet: its alert is still remembered");
        assertEquals(1, store.lastMessageCount());

        // Expiry buckets are weeks: the group is due once the week of its expiry has passed.
        List<String> due = expire(expiresAt.plus(Duration.ofDays(8)));
        assertEquals(List.of(rule.id() + "/quiet"), due);
        assertTrue(store.isEmpty(), "entries, episodes, last messages, summary and index entry all gone");
    }

    @Test
    void shouldKeepTheIndexInStepWithAGroupThatStaysBusy() {
        for (int d = 0; d < 60; d++) {
            add("busy", "i" + d, T0.plus(Duration.ofDays(d)));
            expire(T0.plus(Duration.ofDays(d)));
            assertEquals(1, store.expiryIndexSize(), "still one index entry on day " + d);
        }
        assertFalse(store.isEmpty());
        // Purged as the window slides: window 7 d + grace 7 d, one incident a day, plus the 200 kept behind.
        assertTrue(store.entryCount(rule.id() + "/busy") <= 60, "entries " + store.entryCount(rule.id() + "/busy"));
    }

    @Test
    void shouldPurgeIncidentsBehindTheCutoffButKeepTheMostRecentOfThem() {
        // 400 incidents an hour apart (about 17 days): 336 within the 7-day window plus 7-day grace, the other 64
        // behind the cutoff, fewer than the 200 kept there: nothing is deleted yet.
        for (int h = 0; h < 400; h++) {
            add("hourly", "i" + h, T0.plus(Duration.ofHours(h)));
        }
        int kept = store.entryCount(rule.id() + "/hourly");
        assertEquals(400, kept);
        for (int h = 400; h < 2000; h++) {
            add("hourly", "i" + h, T0.plus(Duration.ofHours(h)));
        }
        kept = store.entryCount(rule.id() + "/hourly");
        // 14 days of hourly incidents (336), the 200 kept behind the cutoff, and at most a day not yet purged.
        assertTrue(kept >= 336 + 200 && kept <= 336 + 200 + 24, "kept " + kept);
    }
}
