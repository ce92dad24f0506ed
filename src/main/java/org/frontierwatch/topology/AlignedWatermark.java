package org.frontierwatch.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * A rule task's event-time watermark, aligned over the intake partitions that feed it: the lowest of their
 * progress (the highest event time each has sent), not the highest. Consumes, per record, its intake partition and
 * event time, and the wall clock; produces a watermark that never moves back.
 *
 * <p>Why the lowest: every intake task drops reports more than the grace period behind its own partition's
 * progress, so once the lowest progress has passed a closing AllClear's due time (the last message plus window plus
 * grace), no report that could still renew the episode can arrive from any partition. The highest would run ahead
 * of a partition that is read more slowly (a catch-up reads the partitions in fetches, which can be weeks of event
 * time apart): AllClears went out early, and the slower partition's reports then opened new alerts for the same
 * episode, in a different number from run to run.
 *
 * <p>An intake partition that has not moved for {@link #IDLE_AFTER_MS} of wall-clock time while others have is
 * idle and does not hold the others back (a partition with no new reports must not stop every AllClear); it counts
 * again as soon as it moves. When every partition is idle the input has stopped, and the highest progress stands.
 *
 * <p>A partition not heard from yet cannot be counted, so at start the watermark stays where it was until every
 * partition of the reports topic has been heard from, or for {@link #IDLE_AFTER_MS} (a partition with nothing to
 * say is idle from the start). Without that wait, the first partition heard from set the watermark alone: in a
 * catch-up it closed episodes that the other partitions' first reports renewed, under the same alert key.
 */
final class AlignedWatermark {

    /** A partition whose progress has not moved for this long stops holding the watermark back. */
    static final long IDLE_AFTER_MS = 60_000;

    /** Per intake partition: its progress and the wall-clock time (ms) it last moved. */
    private final Map<Integer, long[]> sources = new HashMap<>();
    private final int partitions;
    private final long startedAt;
    private long value;

    /**
     * @param restored the watermark kept in the state store, or -1
     * @param restoredSources the partitions' progress kept with it; they count as having moved at {@code nowMs}
     * @param partitions how many partitions feed the task (the reports topic's), to wait for at start
     */
    AlignedWatermark(long restored, Map<Integer, Long> restoredSources, long nowMs, int partitions) {
        this.value = restored;
        this.partitions = partitions;
        this.startedAt = nowMs;
        restoredSources.forEach((source, progress) -> sources.put(source, new long[] {progress, nowMs}));
    }

    /** Notes a record from {@code source} at {@code eventTime}; true when that partition's progress moved. */
    boolean observe(int source, long eventTime, long nowMs) {
        long[] s = sources.get(source);
        if (s == null) {
            sources.put(source, new long[] {eventTime, nowMs});
            return true;
        }
        if (eventTime > s[0]) {
            s[0] = eventTime;
            s[1] = nowMs;
            return true;
        }
        return false;
    }

    /** The watermark as of {@code nowMs}: the lowest progress of the partitions not idle then, never moving back. */
    long value(long nowMs) {
        if (sources.size() < partitions && nowMs - startedAt < IDLE_AFTER_MS) {
            return value; // not every partition heard from yet
        }
        long lowestActive = Long.MAX_VALUE;
        long highest = -1;
        for (long[] s : sources.values()) {
            highest = Math.max(highest, s[0]);
            if (nowMs - s[1] < IDLE_AFTER_MS) {
                lowestActive = Math.min(lowestActive, s[0]);
            }
        }
        long aligned = lowestActive == Long.MAX_VALUE ? highest : lowestActive;
        value = Math.max(value, aligned);
        return value;
    }

    /** A partition's progress, or -1 when none of its records has been seen. */
    long progress(int source) {
        long[] s = sources.get(source);
        return s == null ? -1 : s[0];
    }
}
