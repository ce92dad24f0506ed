package org.frontierwatch.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupStore;

/**
 * Decides which messages one change to a rule group sends, from the episodes the change may have touched and the
 * group's remembered alerts: a new {@code Alert} for an episode no open alert shares evidence with, an
 * {@code Update} of the oldest alert sharing evidence when its content changed (the others it now carries are
 * cancelled as superseded), a {@code Cancel} for an alert the change touched that no episode carries any more.
 * Alerts whose evidence the change does not touch are left alone.
 */
final class AlertDecisions {

    private final AlertFactory factory;
    private final GroupStore store;
    private final Rule rule;
    private final String groupKey;
    private final Map<String, String> groupValues;
    private final Instant now;
    private final long nowNanos;
    private final Runnable overflowed;
    final List<AlertRecord> alerts;
    final List<Alert> out = new ArrayList<>();

    AlertDecisions(AlertFactory factory, GroupStore store, Rule rule, String groupKey, Map<String, String> groupValues,
                   List<AlertRecord> alerts, Instant now, Runnable overflowed) {
        this.factory = factory;
        this.store = store;
        this.rule = rule;
        this.groupKey = groupKey;
        this.groupValues = groupValues;
        this.alerts = alerts;
        this.now = now;
        this.nowNanos = EntryKey.nanos(now);
        this.overflowed = overflowed;
    }

    private Alert build(EpisodeSummary episode, String key, MsgType type, int sequence,
                        List<AlertReference> references) {
        if (episode.overflowed()) {
            overflowed.run();
        }
        return factory.build(rule, episode, groupValues, key, type, sequence, references, now);
    }

    /**
     * @param episodes the episodes the change may have affected, in time order (the others are unchanged and untouched)
     * @param before   where the changed incident was ({@code null} when it is new or was not in the group)
     * @param after    where it is now ({@code null} when it left the group)
     * @param shares   whether an episode and an alert's evidence (as it was before the change) share an incident
     */
    void decide(List<EpisodeSummary> episodes, EntryKey before, EntryKey after,
                BiPredicate<EpisodeSummary, AlertRecord> shares) {
        List<AlertRecord> touchedAlerts = new ArrayList<>();
        for (AlertRecord a : alerts) {
            if (!a.cancelled() && a.covers(before)) {
                touchedAlerts.add(a);
            }
        }
        List<EpisodeSummary> touched = new ArrayList<>();
        for (EpisodeSummary e : episodes) {
            if (e.contains(after) || touchedAlerts.stream().anyMatch(a -> shares.test(e, a))) {
                touched.add(e);
            }
        }
        Set<String> candidates = new LinkedHashSet<>();
        touchedAlerts.forEach(a -> candidates.add(a.key()));
        for (AlertRecord a : alerts) {
            if (!a.cancelled() && touched.stream().anyMatch(e -> shares.test(e, a))) {
                candidates.add(a.key());
            }
        }

        Set<String> settled = new LinkedHashSet<>();
        for (EpisodeSummary episode : touched) {
            List<AlertRecord> sharing = new ArrayList<>();
            for (AlertRecord a : alerts) {
                if (candidates.contains(a.key()) && !settled.contains(a.key()) && shares.test(episode, a)) {
                    sharing.add(a);
                }
            }
            if (sharing.isEmpty()) {
                raise(episode);
                continue;
            }
            AlertRecord primary = sharing.get(0);
            settled.add(primary.key());
            update(primary, episode);
            for (AlertRecord merged : sharing.subList(1, sharing.size())) {
                settled.add(merged.key());
                cancel(merged, "Superseded by alert " + primary.key() + ", which now carries this evidence.");
            }
        }
        for (String key : candidates) {
            if (!settled.contains(key)) {
                cancel(find(key), "The evidence was retracted or revised and rule " + rule.id() + " no longer holds.");
            }
        }
    }

    private void raise(EpisodeSummary episode) {
        String key = newKey(episode);
        Alert alert = build(episode, key, MsgType.Alert, 1, List.of());
        alerts.add(new AlertRecord(key, 1, false, episode.start(), episode.end(), episode.end().time(),
                AlertRecord.Basis.of(episode), List.of(nowNanos)));
        store.putLastMessage(alert);
        out.add(alert);
    }

    private void update(AlertRecord primary, EpisodeSummary episode) {
        AlertRecord.Basis basis = AlertRecord.Basis.of(episode);
        Alert candidate = build(episode, primary.key(), MsgType.Update, primary.sequence() + 1, references(primary));
        // A different basis (level, totals, evidence bounds, listed ids) always means different content; only an
        // equal one needs the last message read back and compared (reference data may have changed meanwhile).
        if (basis.equals(primary.basis()) && sameContent(candidate, store.lastMessage(primary.key()))) {
            return;
        }
        replace(primary, primary.next(false, episode.start(), episode.end(), episode.end().time(), basis, nowNanos));
        store.putLastMessage(candidate);
        out.add(candidate);
    }

    private void cancel(AlertRecord record, String reason) {
        Alert last = store.lastMessage(record.key());
        if (last == null) {
            throw new IllegalStateException("alert " + record.key() + " has no last message in the state store");
        }
        Alert cancel = factory.cancel(last, record.sequence() + 1, references(record), now, reason);
        replace(record, record.next(true, record.first(), record.last(), record.lastEvidenceAt(), record.basis(),
                nowNanos));
        store.putLastMessage(cancel);
        out.add(cancel);
    }

    private AlertRecord find(String key) {
        for (AlertRecord a : alerts) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        throw new IllegalStateException("no alert " + key);
    }

    private void replace(AlertRecord old, AlertRecord updated) {
        alerts.set(alerts.indexOf(old), updated);
    }

    /** The earlier messages of an alert that its next message references: the last {@link AlertRecord#MAX_SENT}. */
    static List<AlertReference> references(AlertRecord a) {
        List<AlertReference> refs = new ArrayList<>(a.sentTimes().size());
        int firstSequence = a.sequence() - a.sentTimes().size() + 1;
        for (int i = 0; i < a.sentTimes().size(); i++) {
            refs.add(new AlertReference(AlertFactory.alertId(a.key(), firstSequence + i),
                    EntryKey.instant(a.sentTimes().get(i))));
        }
        return refs;
    }

    /** True when two messages of one key say the same thing, whatever their identity, type, references and time. */
    static boolean sameContent(Alert a, Alert b) {
        return b != null && a.content().equals(b.content());
    }

    /**
     * {@code rule/group} for immediate rules, {@code rule/group/first-evidence-date} for windowed ones; a suffix
     * keeps it unique among the group's remembered alerts, cancelled ones included.
     */
    private String newKey(EpisodeSummary episode) {
        String base = rule.id() + "/" + groupKey;
        if (rule.kind() == RuleKind.WINDOWED && !rule.groupBy().contains(GroupDimension.INCIDENT)) {
            base += "/" + episode.start().instant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        String key = base;
        for (int n = 2; isKnown(key); n++) {
            key = base + "-" + n;
        }
        return key;
    }

    private boolean isKnown(String key) {
        return alerts.stream().anyMatch(a -> a.key().equals(key));
    }
}
