package org.frontierwatch.state;

import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.frontierwatch.model.Alert;

/**
 * Where rule groups keep their state, without saying how: the processor backs it with a Kafka Streams state store,
 * tests and tools with memory. Groups are named {@code ruleId/groupKey}. Entries are kept per group in
 * {@link EntryKey} order and read by range; every value is small and of bounded size.
 */
public interface GroupStore {

    GroupSummary summary(String group);

    void putSummary(String group, GroupSummary summary);

    void deleteSummary(String group);

    IncidentEntry entry(String group, EntryKey key);

    void putEntry(String group, IncidentEntry entry);

    void deleteEntry(String group, EntryKey key);

    /**
     * Visits the group's entries with {@code from <= key < to} ({@code null}: unbounded), in ascending or descending
     * key order, for as long as {@code visitor} returns true.
     */
    void scan(String group, EntryKey from, EntryKey to, boolean descending, Predicate<IncidentEntry> visitor);

    EpisodeSummary episode(String group, EntryKey start);

    void putEpisode(String group, EpisodeSummary episode);

    void deleteEpisode(String group, EntryKey start);

    /** The last message sent for an alert key, or null. */
    Alert lastMessage(String alertKey);

    void putLastMessage(Alert message);

    void deleteLastMessage(String alertKey);

    /** How often {@code value} occurs in the group's newest window (distinct_count rules), 0 when it does not. */
    int windowValueCount(String group, String value);

    /** Sets that count; 0 removes the value. */
    void putWindowValueCount(String group, String value, int count);

    void scanWindowValues(String group, BiConsumer<String, Integer> visitor);

    /** Indexes {@code group} under an expiry bucket (a week number), so that expiry never scans every group. */
    void putExpiry(long bucket, String group);

    void deleteExpiry(long bucket, String group);

    /** Visits the groups indexed under buckets below {@code beforeBucket}, oldest bucket first. */
    void scanExpiry(long beforeBucket, BiConsumer<Long, String> visitor);

    /**
     * Indexes {@code group} under the event time its next timer falls due, with the wall-clock time (epoch ms) by
     * which it goes out even if event time stands still.
     */
    void putTimer(long due, String group, long wallDueMs);

    void deleteTimer(long due, String group);

    /**
     * Visits the timer index from the first entry due at or after {@code from} on, for as long as {@code visitor}
     * returns true. The visitor must not write to the store (collect, then fire). Starting past the entries already
     * fired matters: a log-structured store keeps their deletions until it compacts, and a scan from the very start
     * would step over every one of them.
     */
    void scanTimers(long from, TimerVisitor visitor);

    /** Visits the whole timer index, earliest due first (see {@link #scanTimers(long, TimerVisitor)}). */
    default void scanTimers(TimerVisitor visitor) {
        scanTimers(Long.MIN_VALUE, visitor);
    }

    /** One entry of the timer index. */
    interface TimerVisitor {
        boolean visit(long due, String group, long wallDueMs);
    }
}
