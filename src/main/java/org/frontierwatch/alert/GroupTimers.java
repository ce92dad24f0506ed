package org.frontierwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.GroupSummary;

/**
 * A rule group's timers. Consumes the group's state; produces the messages due and the group's entry in the timer
 * index ({@link GroupEvaluator.Timer}).
 * <ul>
 *   <li>The closing {@code AllClear} of an open alert falls due in event time once no report the intake accepts can
 *   renew its episode any more: just after the episode's last firing incident plus the rule's window plus the grace
 *   period. The index lists each group under its earliest such time; the processor fires it when its watermark
 *   passes that time.</li>
 *   <li>A held count-only {@code Update} goes out with the alert's first change at or after its due time (decided in
 *   {@link AlertDecisions}, from the group's own changes only), or folds into the AllClear, or at the latest by its
 *   wall-clock bound: one update interval after it was held. The AllClear has a wall-clock bound too (the window plus
 *   the grace period after the alert's last message), used only while the input is quiet. Wall-clock bounds are
 *   what make a live run differ from a backtest of the same input: a quiet group's held change goes out in the live
 *   run, and stays held in the backtest until the input ends.</li>
 * </ul>
 */
final class GroupTimers {

    private final AlertFactory factory;
    private final AlertCadence cadence;
    private final Duration grace;

    GroupTimers(AlertFactory factory, AlertCadence cadence, Duration grace) {
        this.factory = factory;
        this.cadence = cadence;
        this.grace = grace;
    }

    /**
     * When an open alert's episode is over for good: after its last firing incident plus the window and the grace
     * period (a report at exactly that bound would still be accepted and could still join it, hence the +1 ns).
     */
    long allClearDue(Rule rule, AlertRecord a) {
        return AlertDecisions.saturatedAdd(a.last().time(), rule.window().plus(grace).toNanos() + 1);
    }

    /** The group's index entry: its open alerts' earliest AllClear time and earliest wall-clock bound. */
    GroupEvaluator.Timer entry(Rule rule, List<AlertRecord> alerts) {
        long due = GroupSummary.NONE;
        long wallDue = GroupSummary.NONE;
        for (AlertRecord a : alerts) {
            if (a.open()) {
                long d = allClearDue(rule, a);
                due = due == GroupSummary.NONE ? d : Math.min(due, d);
                wallDue = wallDue == GroupSummary.NONE ? a.wallDue() : Math.min(wallDue, a.wallDue());
            }
        }
        return new GroupEvaluator.Timer(due, wallDue);
    }

    /**
     * Moves the group's index entry from where {@code s} has it to where {@code alerts} put it; returns the entry the
     * index now holds. With {@code lazy}, an entry whose due times only moved later stays where it is: every report
     * that extends a firing episode moves its AllClear later, and moving the entry each time cost a delete and a
     * put (and a RocksDB tombstone for the timer scans to step over). An entry left early fires early, finds
     * nothing due, and is moved then ({@link #fire} reindexes exactly), so no timer fires late: the index entry is
     * never later than the group's due times.
     */
    GroupEvaluator.Timer reindex(Rule rule, GroupStore store, String group, GroupSummary s, List<AlertRecord> alerts,
                                 boolean lazy) {
        GroupEvaluator.Timer next = entry(rule, alerts);
        long indexedDue = s.timerDue();
        long indexedWallDue = s.timerWallDue();
        if (next.due() == indexedDue && next.wallDue() == indexedWallDue) {
            return next;
        }
        if (lazy && indexedDue != GroupSummary.NONE && next.due() != GroupSummary.NONE && next.due() >= indexedDue
                && next.wallDue() >= indexedWallDue) {
            return new GroupEvaluator.Timer(indexedDue, indexedWallDue);
        }
        if (indexedDue != GroupSummary.NONE && next.due() != indexedDue) {
            store.deleteTimer(indexedDue, group);
        }
        if (next.due() != GroupSummary.NONE) {
            store.putTimer(next.due(), group, next.wallDue());
        }
        return next;
    }

    GroupEvaluator.Result fire(Rule rule, GroupStore store, String group, long upTo, long nowMs, boolean quiet,
                               Instant now, Runnable overflowed) {
        GroupSummary s = store.summary(group);
        if (s == null) {
            return GroupEvaluator.Result.NONE;
        }
        GroupEvaluator.Timer exact = entry(rule, s.alerts());
        if (exact.due() != s.timerDue() || exact.wallDue() != s.timerWallDue()) {
            // An entry that a change left early (reindex, lazy): move it to the group's real due times and fire
            // nothing now, so that the caller, scanning again, fires every group in the order of its real times.
            GroupEvaluator.Timer timer = reindex(rule, store, group, s, s.alerts(), false);
            store.putSummary(group, s.withAlerts(s.alerts(), timer.due(), timer.wallDue()));
            return new GroupEvaluator.Result(List.of(), 0, 0, 0, timer);
        }
        List<AlertRecord> alerts = new ArrayList<>(s.alerts());
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            AlertRecord a = alerts.get(i);
            if (!a.open()) {
                continue;
            }
            long allClearDue = allClearDue(rule, a);
            if (allClearDue <= upTo || !a.pending() && quiet && a.wallDue() <= nowMs) {
                alerts.set(i, allClear(rule, store, group, a, allClearDue, now, out, overflowed));
            } else if (a.pending() && a.wallDue() <= nowMs) {
                alerts.set(i, flush(rule, store, group, a, now, out, overflowed));
            }
        }
        GroupEvaluator.Timer timer = reindex(rule, store, group, s, alerts, false);
        GroupSummary next = s.withAlerts(alerts, timer.due(), timer.wallDue());
        if (!next.equals(s)) {
            store.putSummary(group, next);
        }
        return new GroupEvaluator.Result(out, next.openAlerts() - s.openAlerts(),
                next.pendingAlerts() - s.pendingAlerts(), 0, timer);
    }

    private long allClearSpanMs(Rule rule) {
        return rule.window().plus(grace).toMillis();
    }

    /**
     * The held Update, built from the episode as it stands, as of its newest evidence; nothing when that says what
     * was last sent.
     */
    private AlertRecord flush(Rule rule, GroupStore store, String group, AlertRecord a, Instant now, List<Alert> out,
                              Runnable overflowed) {
        long nextWallDue = AlertDecisions.saturatedAdd(now.toEpochMilli(), allClearSpanMs(rule));
        Alert last = store.lastMessage(a.key());
        EpisodeSummary episode = store.episode(group, a.first());
        if (last == null || episode == null) {
            return a.settled(nextWallDue); // nothing to build from: the next change sends
        }
        if (episode.overflowed()) {
            overflowed.run();
        }
        long asOf = Math.max(a.lastSentAt(), a.lastEvidenceAt());
        Alert update = factory.build(rule, episode, last.content().group(), a.key(), MsgType.Update,
                a.sequence() + 1, AlertDecisions.references(a), now, EntryKey.instant(asOf));
        if (AlertDecisions.sameContent(update, last)) {
            return a.settled(nextWallDue);
        }
        store.putLastMessage(update);
        out.add(update);
        return a.sent(AlertRecord.Status.OPEN, a.first(), a.last(), a.lastEvidenceAt(), a.basis(),
                EntryKey.nanos(now), MaterialFacts.fingerprint(update.content()), asOf, nextWallDue);
    }

    /** The closing AllClear, with the final totals (any held change included) and the peak level's response. */
    private AlertRecord allClear(Rule rule, GroupStore store, String group, AlertRecord a, long allClearDue,
                                 Instant now, List<Alert> out, Runnable overflowed) {
        Alert last = store.lastMessage(a.key());
        if (last == null) {
            return a.closedSilently();
        }
        long asOf = Math.max(allClearDue, a.lastSentAt());
        EpisodeSummary episode = store.episode(group, a.first());
        Alert finalState = last;
        ResponseType peak = last.content().response();
        if (episode != null) {
            if (episode.overflowed()) {
                overflowed.run();
            }
            finalState = factory.build(rule, episode, last.content().group(), a.key(), MsgType.Update,
                    a.sequence() + 1, List.of(), now, EntryKey.instant(asOf));
            // The highest level its sources allowed, not merely the one its metric reached.
            peak = rule.levels().get(Math.max(0, factory.levelToRaise(rule, episode))).response();
        }
        Alert clear = factory.allClear(finalState, peak, rule.window().plus(grace), a.sequence() + 1,
                AlertDecisions.references(a), now, EntryKey.instant(asOf), cadence.allClearExpiresAfter());
        store.putLastMessage(clear);
        out.add(clear);
        return a.sent(AlertRecord.Status.CLEARED, a.first(), a.last(), a.lastEvidenceAt(), a.basis(),
                EntryKey.nanos(now), a.material(), asOf, a.wallDue());
    }
}
