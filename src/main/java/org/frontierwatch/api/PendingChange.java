package org.frontierwatch.api;

import java.time.Instant;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;

/**
 * A change of an alert that the alert cadence holds back (count-only: same level, sites and nationalities), as the
 * query API shows it beside the last message sent. Consumes the alert's {@link AlertRecord} (its current
 * {@link AlertRecord.Basis} and due times); produces the {@code pending} object of {@code /api/alerts}: the current
 * totals ({@code count}, {@code fatalities}, {@code metric_value}, {@code window_start}, {@code window_end}, as the
 * next message will say them), {@code due_event_time}, the event time from which the alert's next change sends it,
 * and {@code due_by}, the wall-clock time by which it goes out at the latest even if nothing else happens.
 */
public record PendingChange(long count, int fatalities, double metricValue, Instant windowStart, Instant windowEnd,
                            Instant dueEventTime, Instant dueBy) {

    /** The held change of {@code record}, which must be {@link AlertRecord#pending() pending}. */
    public static PendingChange of(AlertRecord record) {
        if (!record.pending()) {
            throw new IllegalArgumentException("alert " + record.key() + " has no held change");
        }
        AlertRecord.Basis b = record.basis();
        return new PendingChange(b.count(), b.fatalities(), b.metricValue(), EntryKey.instant(b.startTime()),
                EntryKey.instant(b.endTime()), EntryKey.instant(record.pendingDue()), Instant.ofEpochMilli(
                        record.wallDue()));
    }
}
