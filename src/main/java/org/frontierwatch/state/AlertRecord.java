package org.frontierwatch.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule group remembers of one alert (open or cancelled) besides its last message: its key, how many messages
 * it has sent and when the last {@link #MAX_SENT} went out (its {@code references}), the bounds of the evidence it
 * rests on, the newest evidence time (for forgetting it) and the {@link Basis} its content was built from.
 */
public record AlertRecord(String key, int sequence, boolean cancelled, EntryKey first, EntryKey last,
                          long lastEvidenceAt, Basis basis, List<Long> sentTimes) {

    /** Most earlier messages an alert's {@code references} list. */
    public static final int MAX_SENT = 20;

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

    /** True when {@code key} lies within the evidence this alert rests on. */
    public boolean covers(EntryKey key) {
        return key != null && !key.isBefore(first) && !key.isAfter(last);
    }

    /** The record after one more message sent at {@code sentNanos}. */
    public AlertRecord next(boolean nowCancelled, EntryKey newFirst, EntryKey newLast, long newLastEvidenceAt,
                            Basis newBasis, long sentNanos) {
        List<Long> sent = new ArrayList<>(sentTimes);
        sent.add(sentNanos);
        if (sent.size() > MAX_SENT) {
            sent = sent.subList(sent.size() - MAX_SENT, sent.size());
        }
        return new AlertRecord(key, sequence + 1, nowCancelled, newFirst, newLast, newLastEvidenceAt, newBasis, sent);
    }
}
