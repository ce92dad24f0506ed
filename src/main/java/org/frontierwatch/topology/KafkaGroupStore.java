package org.frontierwatch.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.state.StateCodec;
import org.frontierwatch.state.StateKeys;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule groups' {@link GroupStore} in one Kafka Streams key-value store of byte keys ({@link StateKeys}) and
 * byte values ({@link StateCodec}; last messages through the alert serde). Every write is checked against the
 * state-value bounds: above {@link #LOUD_BYTES} it is reported (metric and a log line naming the key), above
 * {@link #REFUSED_BYTES} it is not written, because the changelog would refuse it and the stream thread would
 * die on it again after every restart. Its length is one short method per {@link GroupStore} operation.
 */
final class KafkaGroupStore implements GroupStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGroupStore.class);
    /** A state value this large is a bug: the layout keeps every value far smaller whatever the input. */
    static final int LOUD_BYTES = 256 * 1024;
    /** Larger values are not written: under the broker's default 1 MB record limit, with room for the key. */
    static final int REFUSED_BYTES = 900 * 1024;
    private static final String META_WATERMARK = "watermark";
    private static final String META_SOURCE_WATERMARK = "watermark/intake-partition/";
    private static final String META_OPEN_ALERTS = "open-alerts";
    private static final String META_PENDING_ALERTS = "pending-alerts/";
    private static final String META_RULE_VERSION = "rule-version/";

    private final KeyValueStore<Bytes, byte[]> store;
    private final Serde<Alert> alertSerde;
    private final PipelineMetrics metrics;

    KafkaGroupStore(KeyValueStore<Bytes, byte[]> store, Serde<Alert> alertSerde, PipelineMetrics metrics) {
        this.store = store;
        this.alertSerde = alertSerde;
        this.metrics = metrics;
    }

    private void put(String kind, byte[] key, byte[] value, String what) {
        metrics.stateValueWritten(kind, value.length);
        if (value.length > LOUD_BYTES) {
            metrics.stateValueOversized(kind);
            if (value.length > REFUSED_BYTES) {
                LOG.error("NOT writing a {} state value of {} bytes for {}: over the {}-byte bound (a bug; the "
                        + "group's state is now stale, please report it)", kind, value.length, LogSafe.clip(what),
                        REFUSED_BYTES);
                return;
            }
            LOG.error("A {} state value of {} bytes for {} is over the {}-byte bound (a bug; please report it)", kind,
                    value.length, LogSafe.clip(what), LOUD_BYTES);
        }
        store.put(Bytes.wrap(key), value);
    }

    private byte[] get(byte[] key) {
        return store.get(Bytes.wrap(key));
    }

    private void delete(byte[] key) {
        store.delete(Bytes.wrap(key));
    }

    @Override
    public GroupSummary summary(String group) {
        byte[] v = get(StateKeys.summary(group));
        return v == null ? null : StateCodec.decodeSummary(v);
    }

    @Override
    public void putSummary(String group, GroupSummary summary) {
        put("summary", StateKeys.summary(group), StateCodec.encodeSummary(summary), group);
    }

    @Override
    public void deleteSummary(String group) {
        delete(StateKeys.summary(group));
    }

    @Override
    public IncidentEntry entry(String group, EntryKey key) {
        byte[] v = get(StateKeys.entry(group, key));
        return v == null ? null : StateCodec.decodeEntry(key, v);
    }

    @Override
    public void putEntry(String group, IncidentEntry entry) {
        put("entry", StateKeys.entry(group, entry.key()), StateCodec.encodeEntry(entry), group + " " + entry.key());
    }

    @Override
    public void deleteEntry(String group, EntryKey key) {
        delete(StateKeys.entry(group, key));
    }

    @Override
    public void scan(String group, EntryKey from, EntryKey to, boolean descending, Predicate<IncidentEntry> visitor) {
        byte[] prefix = StateKeys.groupPrefix(StateKeys.ENTRY, group);
        Bytes lo = Bytes.wrap(from == null ? prefix : StateKeys.timed(prefix, from));
        Bytes hi = Bytes.wrap(to == null ? StateKeys.afterPrefix(prefix) : StateKeys.timed(prefix, to));
        if (lo.compareTo(hi) >= 0) {
            return; // empty (and Kafka Streams logs a warning for from > to)
        }
        try (KeyValueIterator<Bytes, byte[]> it = descending ? store.reverseRange(lo, hi) : store.range(lo, hi)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                // The range is inclusive and ours excludes its upper bound. A cached store's iterators can also
                // return a key deleted since the last flush, with a null value (seen with reverseRange): not there.
                if (kv.value == null || kv.key.equals(hi)) {
                    continue;
                }
                IncidentEntry e = StateCodec.decodeEntry(StateKeys.entryKeyOf(kv.key.get(), prefix.length), kv.value);
                if (!visitor.test(e)) {
                    return;
                }
            }
        }
    }

    @Override
    public EpisodeSummary episode(String group, EntryKey start) {
        byte[] v = get(StateKeys.episode(group, start));
        return v == null ? null : StateCodec.decodeEpisode(v);
    }

    @Override
    public void putEpisode(String group, EpisodeSummary episode) {
        put("episode", StateKeys.episode(group, episode.start()), StateCodec.encodeEpisode(episode),
                group + " episode " + episode.start());
    }

    @Override
    public void deleteEpisode(String group, EntryKey start) {
        delete(StateKeys.episode(group, start));
    }

    @Override
    public Alert lastMessage(String alertKey) {
        byte[] v = get(StateKeys.alert(alertKey));
        return v == null ? null : alertSerde.deserializer().deserialize(null, v);
    }

    @Override
    public void putLastMessage(Alert message) {
        put("alert", StateKeys.alert(message.key()), alertSerde.serializer().serialize(null, message), message.key());
    }

    @Override
    public void deleteLastMessage(String alertKey) {
        delete(StateKeys.alert(alertKey));
    }

    @Override
    public int windowValueCount(String group, String value) {
        byte[] v = get(StateKeys.windowValue(group, value));
        return v == null ? 0 : ByteBuffer.wrap(v).getInt();
    }

    @Override
    public void putWindowValueCount(String group, String value, int count) {
        byte[] key = StateKeys.windowValue(group, value);
        if (count <= 0) {
            delete(key);
        } else {
            put("window-value", key, ByteBuffer.allocate(4).putInt(count).array(), group);
        }
    }

    @Override
    public void scanWindowValues(String group, BiConsumer<String, Integer> visitor) {
        byte[] prefix = StateKeys.groupPrefix(StateKeys.WINDOW_VALUE, group);
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(prefix),
                Bytes.wrap(StateKeys.afterPrefix(prefix)))) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    all.add(kv);
                }
            });
        }
        all.forEach(kv -> visitor.accept(StateKeys.windowValueOf(kv.key.get(), prefix.length),
                ByteBuffer.wrap(kv.value).getInt()));
    }

    @Override
    public void putExpiry(long bucket, String group) {
        put("expiry", StateKeys.expiry(bucket, group), new byte[0], group);
    }

    @Override
    public void deleteExpiry(long bucket, String group) {
        delete(StateKeys.expiry(bucket, group));
    }

    @Override
    public void scanExpiry(long beforeBucket, BiConsumer<Long, String> visitor) {
        Bytes lo = Bytes.wrap(StateKeys.expiryBucketStart(Long.MIN_VALUE));
        Bytes hi = Bytes.wrap(StateKeys.expiryBucketStart(beforeBucket));
        if (lo.compareTo(hi) >= 0) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(lo, hi)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.value != null && !kv.key.equals(hi)) {
                    keys.add(kv.key.get());
                }
            }
        }
        keys.forEach(k -> visitor.accept(StateKeys.expiryBucketOf(k), StateKeys.expiryGroupOf(k)));
    }

    @Override
    public void putTimer(long due, String group, long wallDueMs) {
        put("timer", StateKeys.timer(due, group), ByteBuffer.allocate(8).putLong(wallDueMs).array(), group);
    }

    @Override
    public void deleteTimer(long due, String group) {
        delete(StateKeys.timer(due, group));
    }

    @Override
    public void scanTimers(long from, TimerVisitor visitor) {
        Bytes lo = Bytes.wrap(StateKeys.timerStart(from));
        Bytes hi = Bytes.wrap(StateKeys.timersEnd());
        try (KeyValueIterator<Bytes, byte[]> it = store.range(lo, hi)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.value == null || kv.key.equals(hi)) {
                    continue;
                }
                byte[] k = kv.key.get();
                if (!visitor.visit(StateKeys.timerDueOf(k), StateKeys.timerGroupOf(k),
                        ByteBuffer.wrap(kv.value).getLong())) {
                    return;
                }
            }
        }
    }

    /** The evaluator's event-time watermark (epoch ms), or null before the first change. */
    Long watermark() {
        return meta(META_WATERMARK);
    }

    void putWatermark(long ms) {
        putMeta(META_WATERMARK, ms);
    }

    /** Each intake partition's progress as kept by {@link #putSourceWatermark}: partition to epoch ms. */
    Map<Integer, Long> sourceWatermarks() {
        Map<Integer, Long> out = new HashMap<>();
        scanMeta(META_SOURCE_WATERMARK, (name, value) -> out.put(Integer.parseInt(name),
                ByteBuffer.wrap(value).getLong()));
        return out;
    }

    /** Every meta entry whose name starts with {@code prefix}: the rest of the name, and the value. */
    private void scanMeta(String prefix, BiConsumer<String, byte[]> visitor) {
        byte[] from = StateKeys.meta(prefix);
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(from),
                Bytes.wrap(StateKeys.afterPrefix(from)))) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    String name = new String(kv.key.get(), 1, kv.key.get().length - 1, StandardCharsets.UTF_8);
                    visitor.accept(name.substring(prefix.length()), kv.value);
                }
            });
        }
    }

    void putSourceWatermark(int partition, long ms) {
        putMeta(META_SOURCE_WATERMARK + partition, ms);
    }

    /** Open alerts held by this task's groups, kept with the state so it survives restarts exactly. */
    long openAlerts() {
        Long n = meta(META_OPEN_ALERTS);
        return n == null ? 0 : n;
    }

    void putOpenAlerts(long n) {
        putMeta(META_OPEN_ALERTS, n);
    }

    /** Alerts of {@code rule} with a held change, kept with the state so that the gauge survives restarts exactly. */
    long pendingAlerts(String rule) {
        Long n = meta(META_PENDING_ALERTS + rule);
        return n == null ? 0 : n;
    }

    void putPendingAlerts(String rule, long n) {
        putMeta(META_PENDING_ALERTS + rule, n);
    }

    /** The groups of {@code ruleId} this task holds: a scan of every group summary (a rule change is rare). */
    List<String> groupsOf(String ruleId) {
        String prefix = ruleId + "/";
        List<String> out = new ArrayList<>();
        byte[] lo = {StateKeys.SUMMARY};
        byte[] hi = {(byte) (StateKeys.SUMMARY + 1)};
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(lo), Bytes.wrap(hi))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                if (kv.value == null || k.length < 3 || k[0] != StateKeys.SUMMARY) {
                    continue;
                }
                String group = new String(k, 3, k.length - 3, StandardCharsets.UTF_8);
                if (group.startsWith(prefix)) {
                    out.add(group);
                }
            }
        }
        return out;
    }

    /** The version of each rule this task's state was last evaluated under: rule id to version. */
    Map<String, String> ruleVersions() {
        Map<String, String> out = new HashMap<>();
        scanMeta(META_RULE_VERSION, (id, value) -> out.put(id, new String(value, StandardCharsets.UTF_8)));
        return out;
    }

    void putRuleVersion(String ruleId, String version) {
        store.put(Bytes.wrap(StateKeys.meta(META_RULE_VERSION + ruleId)), version.getBytes(StandardCharsets.UTF_8));
    }

    void deleteRuleVersion(String ruleId) {
        store.delete(Bytes.wrap(StateKeys.meta(META_RULE_VERSION + ruleId)));
    }

    private Long meta(String name) {
        byte[] v = get(StateKeys.meta(name));
        return v == null ? null : ByteBuffer.wrap(v).getLong();
    }

    private void putMeta(String name, long value) {
        store.put(Bytes.wrap(StateKeys.meta(name)), ByteBuffer.allocate(8).putLong(value).array());
    }
}
