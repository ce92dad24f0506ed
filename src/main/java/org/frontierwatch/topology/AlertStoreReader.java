package org.frontierwatch.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.frontierwatch.api.AlertView;
import org.frontierwatch.api.PendingChange;
import org.frontierwatch.model.Alert;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.StateCodec;
import org.frontierwatch.state.StateKeys;

/**
 * Reads what the query API shows of alerts from a (read-only view of the) rule-group state store. Consumes the
 * {@code A} keys (each alert key's last message) and the {@code S} keys (each rule group's summary, whose alert
 * records say whether a change is held back); produces {@link AlertView}s. An alert's group is its rule and the
 * group key of its group values ({@code ruleId/groupKey}, as {@link RuleGroupRouter} names it), so that a key's held
 * change costs one more read. The two reads are not one snapshot: the message is read first, so a held change sent
 * between them shows, in that one answer, as the earlier message with nothing pending (never as pending after it
 * went out).
 */
final class AlertStoreReader {

    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final Deserializer<Alert> alerts;

    AlertStoreReader(ReadOnlyKeyValueStore<Bytes, byte[]> store, Deserializer<Alert> alerts) {
        this.store = store;
        this.alerts = alerts;
    }

    /** Every alert key's last message, each with its held change if any. */
    List<AlertView> all() {
        List<Alert> latest = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[] {StateKeys.ALERT}),
                Bytes.wrap(new byte[] {StateKeys.ALERT + 1}))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] key = kv.key.get();
                if (key.length > 1 && key[0] == StateKeys.ALERT && kv.value != null) {
                    latest.add(alerts.deserialize(null, kv.value));
                }
            }
        }
        Map<String, Optional<GroupSummary>> summaries = new HashMap<>();
        List<AlertView> out = new ArrayList<>(latest.size());
        for (Alert a : latest) {
            Optional<GroupSummary> s = summaries.computeIfAbsent(group(a), this::summary);
            out.add(view(a, s));
        }
        return out;
    }

    /** One alert key's last message with its held change, if the store holds the key. */
    Optional<AlertView> one(String key) {
        byte[] v = store.get(Bytes.wrap(StateKeys.alert(key)));
        if (v == null) {
            return Optional.empty();
        }
        Alert latest = alerts.deserialize(null, v);
        return Optional.of(view(latest, summary(group(latest))));
    }

    private static AlertView view(Alert latest, Optional<GroupSummary> summary) {
        PendingChange pending = summary.flatMap(s -> s.heldChange(latest.key())).map(PendingChange::of)
                .orElse(null);
        return new AlertView(latest, pending);
    }

    private Optional<GroupSummary> summary(String group) {
        byte[] v = store.get(Bytes.wrap(StateKeys.summary(group)));
        return v == null ? Optional.empty() : Optional.of(StateCodec.decodeSummary(v));
    }

    /** The rule group an alert belongs to: {@code ruleId/groupKey}. */
    static String group(Alert a) {
        return a.content().ruleId() + "/" + RuleGroupRouter.groupKey(a.content().group());
    }
}
