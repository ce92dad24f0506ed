package org.frontierwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.GroupSummary;

/**
 * Applies one incident change to one rule group held in a {@link GroupStore} and returns the alert messages that
 * follow. Consumes {@link GroupChange}s; produces {@link Alert}s and the group's next state. Pure: no Kafka types.
 *
 * <p>The semantics are those of docs/rules.md: sliding event-time windows (every incident closes one, both ends
 * inclusive), firing windows that share an incident merged into episodes, one alert per episode with Alert, Update
 * and Cancel. The state is laid out so that a report's cost does not depend on how busy its group is:
 * <ul>
 *   <li>An in-order report (newer than everything in the group, the common case) slides the newest window: it reads
 *   the group summary, the incidents leaving the window (each leaves once) and, when the window fires, the newest
 *   episode's summary; it writes one entry.</li>
 *   <li>Any other change (a late report, a revision, a retraction) re-measures only the windows after it, from the
 *   stored value of the window just before it, and re-chains only the episodes from the one before it onwards:
 *   its cost grows with how many incidents came after it, never with the size of the rest of the group.</li>
 *   <li>Alert content is built only for episodes the change touched, and compared with the last message only when
 *   the cheap {@link AlertRecord.Basis} is unchanged.</li>
 * </ul>
 * Incidents older than the window plus the grace period are deleted as the window slides: no window a report the
 * intake still accepts can reach includes them, and the episodes they belonged to keep their totals.
 *
 * <p>This class is the entry point and owns the policy (retention, expiry); one change's work is done by
 * {@link GroupUpdate} (in-order reports, purging, the group's next state) and {@link GroupReevaluation} (every
 * other change), with {@link StoredDistinct} for distinct-count windows. How often an alert speaks is the
 * {@link AlertCadence}'s: material changes at once, count-only ones at most once per update interval, and a closing
 * AllClear when an episode is over; the held Updates and AllClears are {@link GroupTimers}, fired through
 * {@link #fire}.
 */
public final class GroupEvaluator {

    /**
     * Incidents older than the cutoff are kept back, this many of them: the most recent ids of an episode cut short
     * by a late change are read back from the store, and may reach further back than the cutoff.
     */
    static final int KEPT_BEHIND_CUTOFF = EpisodeSummary.RECENT_IDS;
    static final long DAY_NANOS = Duration.ofDays(1).toNanos();
    /**
     * Expiry buckets are weeks of event time: a group moves in the index at most once a week (a sparse group whose
     * every report moves event time by days would otherwise move at every report), and an aged-out group is
     * deleted within a week of its expiry.
     */
    static final long EXPIRY_BUCKET_NANOS = Duration.ofDays(7).toNanos();

    final AlertFactory factory;
    final Duration grace;
    final AlertCadence cadence;
    final GroupTimers timers;
    final OverflowListener overflows;

    /**
     * Told when an alert is built from an episode that names more distinct values of some dimension (districts,
     * sites, nationalities, ...) than it keeps ({@code Tally.MAX_VALUES}): the alert then names the first ones only.
     */
    public interface OverflowListener {
        void tallyOverflow(String group);
    }

    /**
     * The messages a change (or a group's timers) sends; by how much it changed the number of open alerts and of
     * alerts with a held change; how many count-only changes it held back; the group's entry in the timer index.
     */
    public record Result(List<Alert> alerts, long openAlertsDelta, long pendingDelta, int coalesced, Timer timer) {

        /** Nothing happened (the group is gone). */
        public static final Result NONE = new Result(List.of(), 0, 0, 0, Timer.NONE);
    }

    /**
     * A group's entry in the timer index: the event time its earliest closing AllClear falls due, and the wall-clock
     * time (epoch ms) by which its earliest timer goes out at the latest; {@link GroupSummary#NONE} for none.
     */
    public record Timer(long due, long wallDue) {

        public static final Timer NONE = new Timer(GroupSummary.NONE, GroupSummary.NONE);
    }

    /** An evaluator that sends every change at once (update interval PT0S), as before issue 22. */
    public GroupEvaluator(AlertFactory factory, Duration grace) {
        this(factory, grace, AlertCadence.EVERY_CHANGE, group -> { });
    }

    public GroupEvaluator(AlertFactory factory, Duration grace, AlertCadence cadence) {
        this(factory, grace, cadence, group -> { });
    }

    public GroupEvaluator(AlertFactory factory, Duration grace, AlertCadence cadence, OverflowListener overflows) {
        this.factory = factory;
        this.grace = grace;
        this.cadence = cadence;
        this.overflows = overflows;
        this.timers = new GroupTimers(factory, cadence, grace);
    }

    /**
     * How long a group keeps incidents: the window plus the grace period, the longest a late report can still
     * reach back and pair with them. Alerts are remembered one grace period longer.
     */
    public Duration retention(Rule rule) {
        return rule.window().plus(grace);
    }

    /**
     * Applies one change. The caller fires the timers due at or before {@code streamTime} first (every group's:
     * {@link #fire}), as the processor does before each change, so that a held Update goes out with the state of
     * the changes before its due time.
     *
     * @param streamTime the evaluator's event-time watermark, this change included
     * @param now        the wall-clock time the messages are sent at
     */
    public Result apply(Rule rule, GroupStore store, GroupChange change, Instant streamTime, Instant now) {
        return new GroupUpdate(this, rule, store, change, EntryKey.nanos(streamTime), now).run();
    }

    /**
     * Fires the timers of {@code group}: the closing AllClear of every open alert whose episode is over by event
     * time {@code upTo} (nanoseconds); every held Update whose wall-clock bound has passed by {@code nowMs}; and, when
     * {@code quiet} (the input has stopped moving event time), every AllClear whose wall-clock bound has passed.
     * The processor calls it for the groups the timer index lists as due.
     */
    public Result fire(Rule rule, GroupStore store, String group, long upTo, long nowMs, boolean quiet,
                       Instant now) {
        return timers.fire(rule, store, group, upTo, nowMs, quiet, now, () -> overflows.tallyOverflow(group));
    }

    /**
     * Judges {@code group} again under {@code rule} as it is now, after a change of the rule's levels, scope or
     * texts: the stored incidents keep their window values, the episodes are re-chained under the new levels, and
     * every open alert resting on them gets an Update (level or content changed), a Cancel (no episode carries it any
     * more) or nothing; an episode that fires now and no alert carries raises a new Alert. A rule whose metric,
     * field, window, grouping or filter changed cannot be judged from the stored window values: see {@link #retire}.
     *
     * @param streamTime the evaluator's event-time watermark
     */
    public Result reconsider(Rule rule, GroupStore store, String group, Instant streamTime, Instant now) {
        GroupSummary s = store.summary(group);
        return s == null ? Result.NONE : judgeAgain(rule, store, group, s, streamTime, now,
                GroupUpdate.Kind.RULE_CHANGED);
    }

    /**
     * Builds every open alert of {@code group} again from its stored episode after the reference data changed (a
     * site added to, removed from or changed in its scope; a nationality or district renamed) and sends an Update
     * where the content differs from the last message sent: the new camp gets into the advisory covering its
     * district at once. Nothing is re-measured or re-chained; a held change keeps its due time and carries the new
     * content when it goes out.
     */
    public Result referencesChanged(Rule rule, GroupStore store, String group, Instant streamTime, Instant now) {
        GroupSummary s = store.summary(group);
        return s == null || s.openAlerts() == 0 ? Result.NONE : judgeAgain(rule, store, group, s, streamTime, now,
                GroupUpdate.Kind.REFERENCE_CHANGED);
    }

    /** A group's update that changes none of its incidents: {@code kind} says what changed instead. */
    private Result judgeAgain(Rule rule, GroupStore store, String group, GroupSummary s, Instant streamTime,
                              Instant now, GroupUpdate.Kind kind) {
        String groupKey = group.substring(group.indexOf('/') + 1);
        GroupChange change = new GroupChange(rule.id(), groupKey, groupValues(rule, store, s, groupKey), "", null,
                null, 0);
        return new GroupUpdate(this, rule, store, change, EntryKey.nanos(streamTime), now, kind).run();
    }

    /**
     * Cancels every open alert of {@code group} with {@code reason} and deletes what it holds (incidents, episodes,
     * window values, its timer): its rule was taken out of force, or now measures or groups incidents differently, so
     * that what the group holds means nothing under it. CAP's {@code Cancel}, not an AllClear: the alert is withdrawn
     * because its rule is, not because the hazard passed. The alerts are remembered (cancelled) until they age out, so
     * that an alert the rule raises again gets a key, and CAP identifiers, of its own.
     */
    public Result retire(GroupStore store, String group, String reason, Instant now) {
        GroupSummary s = store.summary(group);
        if (s == null) {
            return Result.NONE;
        }
        long nowNanos = EntryKey.nanos(now);
        List<Alert> out = new ArrayList<>();
        List<AlertRecord> alerts = new ArrayList<>();
        for (AlertRecord a : s.alerts()) {
            Alert last = a.open() ? store.lastMessage(a.key()) : null;
            if (last == null) {
                alerts.add(a);
                continue;
            }
            Alert cancel = factory.cancel(last, a.sequence() + 1, AlertDecisions.references(a), now, reason,
                    EntryKey.instant(a.lastSentAt()));
            store.putLastMessage(cancel);
            out.add(cancel);
            alerts.add(a.sent(AlertRecord.Status.CANCELLED, a.first(), a.last(), a.lastEvidenceAt(), a.basis(),
                    nowNanos, a.material(), a.lastSentAt(), a.wallDue()));
        }
        deleteHeld(store, group, s);
        GroupSummary next = new GroupSummary(null, 0, List.of(), alerts, GroupSummary.NONE, GroupSummary.NONE,
                s.expiryBucket(), 0, GroupSummary.NONE, GroupSummary.NONE);
        store.putSummary(group, next);
        return new Result(out, next.openAlerts() - s.openAlerts(), next.pendingAlerts() - s.pendingAlerts(), 0,
                Timer.NONE);
    }

    /**
     * A group's dimension values, as the alerts it sent name them; for a group that sent none, read back from its
     * key (exact for the dimensions' values, which are ids and codes without the characters a key replaces).
     */
    private static Map<String, String> groupValues(Rule rule, GroupStore store, GroupSummary s, String groupKey) {
        for (AlertRecord a : s.alerts()) {
            Alert last = store.lastMessage(a.key());
            if (last != null && last.content().group() != null && !last.content().group().isEmpty()) {
                return last.content().group();
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] parts = groupKey.split("\\+", -1);
        for (int i = 0; i < rule.groupBy().size() && i < parts.length; i++) {
            values.put(rule.groupBy().get(i).label(), parts[i]);
        }
        return values;
    }

    /** When a group's incidents and alerts will all have aged out: its newest evidence plus window and two graces. */
    public long expiresAt(Rule rule, GroupSummary s) {
        long newest = s.newest() == null ? Long.MIN_VALUE : s.newest().time();
        for (AlertRecord a : s.alerts()) {
            newest = Math.max(newest, a.lastEvidenceAt());
        }
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE
                : saturatedAdd(newest, retention(rule).plus(grace).toNanos());
    }

    /** The week number {@link #expiresAt} falls in: the group's bucket in the expiry index. */
    public static long expiryBucket(long expiresAt) {
        return expiresAt == Long.MIN_VALUE ? GroupSummary.NONE : Math.floorDiv(expiresAt, EXPIRY_BUCKET_NANOS);
    }

    /**
     * Deletes everything of {@code group} when {@code rule} is null (no longer configured) or its state has aged out
     * by {@code streamTime}; otherwise makes sure the expiry index holds it under the right bucket.
     *
     * @return how many open alerts were forgotten with it
     */
    public long expire(Rule rule, GroupStore store, String group, Instant streamTime) {
        GroupSummary s = store.summary(group);
        if (s == null) {
            return 0;
        }
        long wm = EntryKey.nanos(streamTime);
        if (rule != null) {
            long expiresAt = expiresAt(rule, s);
            if (expiresAt >= wm) {
                long bucket = expiryBucket(expiresAt);
                if (bucket != s.expiryBucket()) {
                    store.deleteExpiry(s.expiryBucket(), group);
                    store.putExpiry(bucket, group);
                    store.putSummary(group, s.withExpiryBucket(bucket));
                }
                return 0;
            }
        }
        deleteHeld(store, group, s);
        s.alerts().forEach(a -> store.deleteLastMessage(a.key()));
        if (s.expiryBucket() != GroupSummary.NONE) {
            store.deleteExpiry(s.expiryBucket(), group);
        }
        store.deleteSummary(group);
        return s.openAlerts();
    }

    /** Deletes a group's incidents, episodes, distinct-value counts and timer-index entry (not its alerts). */
    private static void deleteHeld(GroupStore store, String group, GroupSummary s) {
        List<EntryKey> keys = new ArrayList<>();
        store.scan(group, null, null, false, e -> keys.add(e.key()));
        keys.forEach(k -> store.deleteEntry(group, k));
        s.episodes().forEach(e -> store.deleteEpisode(group, e.start()));
        List<String> values = new ArrayList<>();
        store.scanWindowValues(group, (v, n) -> values.add(v));
        values.forEach(v -> store.putWindowValueCount(group, v, 0));
        if (s.timerDue() != GroupSummary.NONE) {
            store.deleteTimer(s.timerDue(), group);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
