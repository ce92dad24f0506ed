package org.frontierwatch.state;

import java.util.List;
import java.util.Optional;

/**
 * The small per-group record read and written on every change of a rule group: the newest incident and the
 * measured value of the window it closes (so an in-order report slides that window instead of re-measuring it),
 * the group's live episodes, its open and remembered closed alerts, how far incidents have been purged
 * ({@code purgedBefore}: every incident at or after it is stored; {@code purgeCutoff}: the cutoff of the last
 * purge), which expiry bucket indexes the group, how many incident entries it stores, and its entry in the timer
 * index: the event time its earliest closing AllClear falls due ({@link #NONE} when it has no open alert) and the
 * wall-clock time (epoch ms) by which its earliest timer (a held Update or an AllClear) goes out at the latest.
 * Its size depends on the rule's window and the grace period, not on how many incidents the group receives.
 */
public record GroupSummary(EntryKey newest, double windowValue, List<EpisodeRef> episodes, List<AlertRecord> alerts,
                           long purgedBefore, long purgeCutoff, long expiryBucket, long entries, long timerDue,
                           long timerWallDue) {

    /** No expiry bucket, no purge yet, no timer. */
    public static final long NONE = Long.MIN_VALUE;

    public static final GroupSummary EMPTY = new GroupSummary(null, 0, List.of(), List.of(), NONE, NONE, NONE, 0,
            NONE, NONE);

    public GroupSummary {
        episodes = List.copyOf(episodes);
        alerts = List.copyOf(alerts);
    }

    public long openAlerts() {
        return alerts.stream().filter(AlertRecord::open).count();
    }

    public long pendingAlerts() {
        return alerts.stream().filter(a -> a.open() && a.pending()).count();
    }

    /** The open alert of that key whose change is held back (see {@link AlertRecord#pending()}), if there is one. */
    public Optional<AlertRecord> heldChange(String alertKey) {
        return alerts.stream().filter(a -> a.key().equals(alertKey) && a.open() && a.pending()).findFirst();
    }

    public boolean isEmpty() {
        return newest == null && episodes.isEmpty() && alerts.isEmpty();
    }

    public GroupSummary withExpiryBucket(long bucket) {
        return new GroupSummary(newest, windowValue, episodes, alerts, purgedBefore, purgeCutoff, bucket, entries,
                timerDue, timerWallDue);
    }

    public GroupSummary withAlerts(List<AlertRecord> newAlerts, long newTimerDue, long newTimerWallDue) {
        return new GroupSummary(newest, windowValue, episodes, newAlerts, purgedBefore, purgeCutoff, expiryBucket,
                entries, newTimerDue, newTimerWallDue);
    }
}
