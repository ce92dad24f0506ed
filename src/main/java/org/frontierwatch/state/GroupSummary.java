package org.frontierwatch.state;

import java.util.List;

/**
 * The small per-group record read and written on every change of a rule group: the newest incident and the
 * measured value of the window it closes (so an in-order report slides that window instead of re-measuring it),
 * the group's live episodes, its open and remembered-cancelled alerts, how far incidents have been purged
 * ({@code purgedBefore}: every incident at or after it is stored; {@code purgeCutoff}: the cutoff of the last
 * purge), which expiry bucket indexes the group, and how many incident entries it stores. Its size depends on the
 * rule's window and the grace period, not on how
 * many incidents the group receives.
 */
public record GroupSummary(EntryKey newest, double windowValue, List<EpisodeRef> episodes, List<AlertRecord> alerts,
                           long purgedBefore, long purgeCutoff, long expiryBucket, long entries) {

    /** No expiry bucket, no purge yet. */
    public static final long NONE = Long.MIN_VALUE;

    public static final GroupSummary EMPTY = new GroupSummary(null, 0, List.of(), List.of(), NONE, NONE, NONE, 0);

    public GroupSummary {
        episodes = List.copyOf(episodes);
        alerts = List.copyOf(alerts);
    }

    public long openAlerts() {
        return alerts.stream().filter(a -> !a.cancelled()).count();
    }

    public boolean isEmpty() {
        return newest == null && episodes.isEmpty() && alerts.isEmpty();
    }
}
