package org.frontierwatch.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.frontierwatch.model.Alert;
import org.frontierwatch.state.AlertCodec;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.state.StateCodec;

/**
 * A {@link GroupStore} in memory for unit tests and benchmarks: consumes the evaluator's reads and writes, keeps
 * every value as the bytes the processor's store would hold (so the binary layout is exercised on every change),
 * and reports the largest value written.
 */
public final class InMemoryGroupStore implements GroupStore {

    private final Map<String, byte[]> summaries = new HashMap<>();
    private final Map<String, TreeMap<EntryKey, byte[]>> entries = new HashMap<>();
    private final Map<String, Map<EntryKey, byte[]>> episodes = new HashMap<>();
    private final Map<String, byte[]> messages = new HashMap<>();
    private final Map<String, TreeMap<String, Integer>> windowValues = new HashMap<>();
    private final TreeMap<Long, TreeMap<String, Boolean>> expiry = new TreeMap<>();
    private final TreeMap<Long, TreeMap<String, Long>> timers = new TreeMap<>();
    private final boolean verify;
    private int largestValue;
    private String largestValueKind = "";
    private long writes;

    /** A store that checks every value it is given reads back equal (see {@link #lossless}). */
    public InMemoryGroupStore() {
        this(true);
    }

    /** @param verify false for benchmarks: values are encoded and decoded as in the processor, but not checked */
    public InMemoryGroupStore(boolean verify) {
        this.verify = verify;
    }

    /** Every value written must read back equal: a lossy codec fails the test that wrote it, where it wrote it. */
    private <T> byte[] lossless(T value, byte[] bytes, Function<byte[], T> decode) {
        if (!verify) {
            return bytes;
        }
        T back = decode.apply(bytes);
        if (!back.equals(value)) {
            throw new AssertionError("state value does not survive its codec:\n  wrote " + value + "\n  read  " + back);
        }
        return bytes;
    }

    private byte[] sized(String kind, byte[] value) {
        writes++;
        if (value.length > largestValue) {
            largestValue = value.length;
            largestValueKind = kind;
        }
        return value;
    }

    /** The size in bytes of the largest value written so far, and what it was. */
    public int largestValue() {
        return largestValue;
    }

    public String largestValueKind() {
        return largestValueKind;
    }

    public long writes() {
        return writes;
    }

    /** How many incident entries a group holds now. */
    public int entryCount(String group) {
        TreeMap<EntryKey, byte[]> m = entries.get(group);
        return m == null ? 0 : m.size();
    }

    public int expiryIndexSize() {
        return expiry.values().stream().mapToInt(Map::size).sum();
    }

    public boolean isEmpty() {
        return summaries.isEmpty() && entries.values().stream().allMatch(Map::isEmpty)
                && episodes.values().stream().allMatch(Map::isEmpty) && messages.isEmpty()
                && windowValues.values().stream().allMatch(Map::isEmpty) && expiryIndexSize() == 0;
    }

    @Override
    public GroupSummary summary(String group) {
        byte[] v = summaries.get(group);
        return v == null ? null : StateCodec.decodeSummary(v);
    }

    @Override
    public void putSummary(String group, GroupSummary summary) {
        summaries.put(group, sized("summary", lossless(summary, StateCodec.encodeSummary(summary),
                StateCodec::decodeSummary)));
    }

    @Override
    public void deleteSummary(String group) {
        summaries.remove(group);
    }

    @Override
    public IncidentEntry entry(String group, EntryKey key) {
        TreeMap<EntryKey, byte[]> m = entries.get(group);
        byte[] v = m == null ? null : m.get(key);
        return v == null ? null : StateCodec.decodeEntry(key, v);
    }

    @Override
    public void putEntry(String group, IncidentEntry entry) {
        entries.computeIfAbsent(group, g -> new TreeMap<>()).put(entry.key(), sized("entry",
                lossless(entry, StateCodec.encodeEntry(entry), b -> StateCodec.decodeEntry(entry.key(), b))));
    }

    @Override
    public void deleteEntry(String group, EntryKey key) {
        TreeMap<EntryKey, byte[]> m = entries.get(group);
        if (m != null) {
            m.remove(key);
        }
    }

    @Override
    public void scan(String group, EntryKey from, EntryKey to, boolean descending, Predicate<IncidentEntry> visitor) {
        TreeMap<EntryKey, byte[]> m = entries.get(group);
        if (m == null) {
            return;
        }
        NavigableMap<EntryKey, byte[]> range;
        if (from != null && to != null) {
            if (from.compareTo(to) >= 0) {
                return;
            }
            range = m.subMap(from, true, to, false);
        } else if (from != null) {
            range = m.tailMap(from, true);
        } else if (to != null) {
            range = m.headMap(to, false);
        } else {
            range = m;
        }
        if (descending) {
            range = range.descendingMap();
        }
        // No copy: the evaluator never writes while it scans (a write would fail this iteration loudly).
        for (Map.Entry<EntryKey, byte[]> e : range.entrySet()) {
            if (!visitor.test(StateCodec.decodeEntry(e.getKey(), e.getValue()))) {
                return;
            }
        }
    }

    @Override
    public EpisodeSummary episode(String group, EntryKey start) {
        Map<EntryKey, byte[]> m = episodes.get(group);
        byte[] v = m == null ? null : m.get(start);
        return v == null ? null : StateCodec.decodeEpisode(v);
    }

    @Override
    public void putEpisode(String group, EpisodeSummary episode) {
        episodes.computeIfAbsent(group, g -> new HashMap<>()).put(episode.start(),
                sized("episode", lossless(episode, StateCodec.encodeEpisode(episode), StateCodec::decodeEpisode)));
    }

    @Override
    public void deleteEpisode(String group, EntryKey start) {
        Map<EntryKey, byte[]> m = episodes.get(group);
        if (m != null) {
            m.remove(start);
        }
    }

    /** How many episode summaries a group holds now. */
    public int episodeCount(String group) {
        Map<EntryKey, byte[]> m = episodes.get(group);
        return m == null ? 0 : m.size();
    }

    @Override
    public Alert lastMessage(String alertKey) {
        byte[] v = messages.get(alertKey);
        return v == null ? null : AlertCodec.decode(v);
    }

    @Override
    public void putLastMessage(Alert message) {
        messages.put(message.key(), sized("alert", lossless(message, AlertCodec.encode(message), AlertCodec::decode)));
    }

    @Override
    public void deleteLastMessage(String alertKey) {
        messages.remove(alertKey);
    }

    public int lastMessageCount() {
        return messages.size();
    }

    @Override
    public int windowValueCount(String group, String value) {
        TreeMap<String, Integer> m = windowValues.get(group);
        return m == null ? 0 : m.getOrDefault(value, 0);
    }

    @Override
    public void putWindowValueCount(String group, String value, int count) {
        if (count <= 0) {
            TreeMap<String, Integer> m = windowValues.get(group);
            if (m != null) {
                m.remove(value);
            }
        } else {
            windowValues.computeIfAbsent(group, g -> new TreeMap<>()).put(value, count);
        }
    }

    @Override
    public void scanWindowValues(String group, BiConsumer<String, Integer> visitor) {
        TreeMap<String, Integer> m = windowValues.get(group);
        if (m != null) {
            new TreeMap<>(m).forEach(visitor);
        }
    }

    @Override
    public void putExpiry(long bucket, String group) {
        expiry.computeIfAbsent(bucket, b -> new TreeMap<>()).put(group, true);
    }

    @Override
    public void deleteExpiry(long bucket, String group) {
        TreeMap<String, Boolean> m = expiry.get(bucket);
        if (m != null) {
            m.remove(group);
            if (m.isEmpty()) {
                expiry.remove(bucket);
            }
        }
    }

    @Override
    public void scanExpiry(long beforeBucket, BiConsumer<Long, String> visitor) {
        List<Map.Entry<Long, String>> due = new ArrayList<>();
        expiry.headMap(beforeBucket, false).forEach((b, groups) -> groups.keySet()
                .forEach(g -> due.add(Map.entry(b, g))));
        due.forEach(e -> visitor.accept(e.getKey(), e.getValue()));
    }

    @Override
    public void putTimer(long due, String group, long wallDueMs) {
        writes++;
        timers.computeIfAbsent(due, k -> new TreeMap<>()).put(group, wallDueMs);
    }

    @Override
    public void deleteTimer(long due, String group) {
        TreeMap<String, Long> groups = timers.get(due);
        if (groups != null) {
            groups.remove(group);
            if (groups.isEmpty()) {
                timers.remove(due);
            }
        }
    }

    @Override
    public void scanTimers(long from, TimerVisitor visitor) {
        for (Map.Entry<Long, TreeMap<String, Long>> due : timers.tailMap(from, true).entrySet()) {
            for (Map.Entry<String, Long> g : due.getValue().entrySet()) {
                if (!visitor.visit(due.getKey(), g.getKey(), g.getValue())) {
                    return;
                }
            }
        }
    }

    /** How many groups the timer index lists. */
    public int timerCount() {
        return timers.values().stream().mapToInt(Map::size).sum();
    }
}
