package org.frontierwatch.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule group remembers of one alert besides its last message: its key, its {@link Status}, how many messages
 * it has sent and when the last {@link #MAX_SENT} went out (its {@code references}), the bounds of the evidence it
 * rests on now, the newest evidence time (for forgetting it), the {@link Basis} of its content as last evaluated,
 * and its cadence: the fingerprint of the material facts of the last message sent ({@code material}), the event
 * time that message stands for ({@code lastSentAt}, its {@code as_of}), while a count-only change is held the event
 * time from which the alert's next change goes out at once ({@code pendingDue}, else {@link #NOT_PENDING}), and the
 * wall-clock time (epoch ms) by which its next timer goes out at the latest ({@code wallDue}: a held change one
 * update interval after it was held; otherwise the closing AllClear, the rule's window plus the grace period after
 * the last message).
 */
public record AlertRecord(String key, int sequence, Status status, EntryKey first, EntryKey last,
                          long lastEvidenceAt, Basis basis, List<Long> sentTimes, long material, long lastSentAt,
                          long pendingDue, long wallDue) {

    /** Most earlier messages an alert's {@code references} list. */
    public static final int MAX_SENT = 20;
    /** {@code pendingDue} of an alert with nothing waiting to be sent. */
    public static final long NOT_PENDING = Long.MIN_VALUE;

    /**
     * Where an alert stands: {@code OPEN} (raised, may be updated), {@code CANCELLED} (its evidence was retracted or
     * revised away, or it was superseded) or {@code CLEARED} (its episode ended and an AllClear went out). The last
     * two are final: such an alert is only remembered, so that its key is not reused and late changes find it.
     */
    public enum Status { OPEN, CANCELLED, CLEARED }

    /**
     * The evidence figures an alert's content follows from, besides reference data: when one differs, the content
     * differs, so a new message goes out without comparing content (fatalities as the alert shows them, saturated).
     */
    public record Basis(int level, double metricValue, long count, int fatalities, long startTime, long endTime,
                        long idsHash) {

        public static Basis of(EpisodeSummary e) {
            return new Basis(e.level(), e.maxValue(), e.count(), (int) Math.min(Integer.MAX_VALUE, e.fatalities()),
                    e.start().time(), e.end().time(), e.recentIds().hashCode());
        }
    }

    public AlertRecord {
        sentTimes = List.copyOf(sentTimes);
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    public boolean pending() {
        return pendingDue != NOT_PENDING;
    }

    /** True when {@code key} lies within the evidence this alert rests on. */
    public boolean covers(EntryKey key) {
        return key != null && !key.isBefore(first) && !key.isAfter(last);
    }

    /**
     * The record after one more message, sent at {@code sentNanos} (wall clock) as of {@code asOf} (event time),
     * saying facts whose fingerprint is {@code newMaterial}; nothing is pending after it, and its next timer is due
     * by {@code newWallDue} (epoch ms) at the latest.
     */
    public AlertRecord sent(Status newStatus, EntryKey newFirst, EntryKey newLast, long newLastEvidenceAt,
                            Basis newBasis, long sentNanos, long newMaterial, long asOf, long newWallDue) {
        List<Long> sent = new ArrayList<>(sentTimes);
        sent.add(sentNanos);
        if (sent.size() > MAX_SENT) {
            sent = sent.subList(sent.size() - MAX_SENT, sent.size());
        }
        return new AlertRecord(key, sequence + 1, newStatus, newFirst, newLast, newLastEvidenceAt, newBasis, sent,
                newMaterial, asOf, NOT_PENDING, newWallDue);
    }

    /**
     * The record after a change that is held back: evidence and basis follow it; the message goes out with the first
     * change at or after {@code due} (event time), or by {@code newWallDue} (wall clock) at the latest.
     */
    public AlertRecord held(EntryKey newFirst, EntryKey newLast, long newLastEvidenceAt, Basis newBasis, long due,
                            long newWallDue) {
        return new AlertRecord(key, sequence, status, newFirst, newLast, newLastEvidenceAt, newBasis, sentTimes,
                material, lastSentAt, due, newWallDue);
    }

    /**
     * The same record with nothing pending (the held change turned out to leave the content as it was sent), its
     * next timer due by {@code newWallDue}.
     */
    public AlertRecord settled(long newWallDue) {
        return new AlertRecord(key, sequence, status, first, last, lastEvidenceAt, basis, sentTimes, material,
                lastSentAt, NOT_PENDING, newWallDue);
    }

    /** The record of an alert closed without a message (nothing left to build one from). */
    public AlertRecord closedSilently() {
        return new AlertRecord(key, sequence, Status.CLEARED, first, last, lastEvidenceAt, basis, sentTimes, material,
                lastSentAt, NOT_PENDING, wallDue);
    }
}
