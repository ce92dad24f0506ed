package org.frontierwatch.alert;

import java.time.Duration;
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
 * Alerts whose evidence the change does not touch are left alone, and so is evidence of an alert that has closed
 * with an AllClear (its episode is over; a revision of it raises nothing new). A rule's {@code min_exposed_workers}
 * holds back a new alert whose sites employ fewer foreign workers, and a level's {@code min_sources} one whose
 * evidence is not yet that well sourced; an alert already open is never withdrawn for either.
 *
 * <p>The cadence ({@link AlertCadence}): an Update whose material facts ({@link MaterialFacts}) differ from the last
 * message sent goes out at once, as do merges and Cancels; a count-only Update goes out at once only when the
 * change is at least the update interval (event time) after the alert's last message, and is otherwise held: the
 * alert record follows the evidence, and the held Update goes out with the alert's first change at or after that
 * due time, or by the wall-clock bound ({@link GroupTimers}), or folds into the closing AllClear. Which of its own
 * changes an alert holds depends only on the group's changes, never on other groups or partitions.
 *
 * <p>One job, the messages of one change: its length is the three outcomes (raise, update, cancel) and the cadence
 * they obey, which share the group's remembered alerts as one change rewrites them.
 */
final class AlertDecisions {

    private final AlertFactory factory;
    private final GroupStore store;
    private final Rule rule;
    private final String groupKey;
    private final Map<String, String> groupValues;
    private final Instant now;
    private final long nowNanos;
    private final long changeTime;
    private final long interval;
    private final long nowMs;
    private final long allClearSpanMs;
    private final Runnable overflowed;
    final List<AlertRecord> alerts;
    final List<Alert> out = new ArrayList<>();
    /** Count-only changes held back by this change. */
    int coalesced;

    /**
     * @param changeTime the event time of the change (the changed incident's {@code occurred_at}, nanoseconds)
     * @param interval   the rule's update interval in nanoseconds (0: every change goes out at once)
     * @param allClearSpan the rule's window plus the grace period: how long after its last message an alert's
     *                   closing AllClear goes out at the latest by the wall clock
     */
    AlertDecisions(AlertFactory factory, GroupStore store, Rule rule, String groupKey, Map<String, String> groupValues,
                   List<AlertRecord> alerts, Instant now, long changeTime, long interval, Duration allClearSpan,
                   Runnable overflowed) {
        this.factory = factory;
        this.store = store;
        this.rule = rule;
        this.groupKey = groupKey;
        this.groupValues = groupValues;
        this.alerts = alerts;
        this.now = now;
        this.nowNanos = EntryKey.nanos(now);
        this.changeTime = changeTime;
        this.interval = interval;
        this.nowMs = now.toEpochMilli();
        this.allClearSpanMs = allClearSpan.toMillis();
        this.overflowed = overflowed;
    }

    private Alert build(EpisodeSummary episode, String key, MsgType type, int sequence,
                        List<AlertReference> references, long asOf) {
        if (episode.overflowed()) {
            overflowed.run();
        }
        return factory.build(rule, episode, groupValues, key, type, sequence, references, now, EntryKey.instant(asOf));
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
            if (a.open() && a.covers(before)) {
                touchedAlerts.add(a);
            }
        }
        List<EpisodeSummary> touched = new ArrayList<>();
        for (EpisodeSummary e : episodes) {
            if (e.contains(after) || touchedAlerts.stream().anyMatch(a -> shares.test(e, a))) {
                touched.add(e);
            }
        }
        settle(touched, touchedAlerts, shares,
                "The evidence was retracted or revised and rule " + rule.id() + " no longer holds.");
    }

    /**
     * Judges again, after a change of the rule itself, every open alert whose evidence reaches {@code from} or later
     * (the incidents the group still holds), against all the group's re-chained {@code episodes}.
     */
    void reconsider(List<EpisodeSummary> episodes, EntryKey from, BiPredicate<EpisodeSummary, AlertRecord> shares) {
        List<AlertRecord> touchedAlerts = new ArrayList<>();
        for (AlertRecord a : alerts) {
            if (a.open() && !a.last().isBefore(from)) {
                touchedAlerts.add(a);
            }
        }
        settle(episodes, touchedAlerts, shares, "Rule " + rule.id() + " changed (version " + rule.version()
                + ") and no longer holds for this evidence.");
    }

    private void settle(List<EpisodeSummary> touched, List<AlertRecord> touchedAlerts,
                        BiPredicate<EpisodeSummary, AlertRecord> shares, String noLongerHolds) {
        Set<String> candidates = new LinkedHashSet<>();
        touchedAlerts.forEach(a -> candidates.add(a.key()));
        for (AlertRecord a : alerts) {
            if (a.open() && touched.stream().anyMatch(e -> shares.test(e, a))) {
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
                if (alerts.stream().noneMatch(a -> a.status() == AlertRecord.Status.CLEARED
                        && shares.test(episode, a))) {
                    raise(episode);
                }
                continue;
            }
            AlertRecord primary = sharing.get(0);
            settled.add(primary.key());
            update(primary, episode, sharing.size() > 1);
            for (AlertRecord merged : sharing.subList(1, sharing.size())) {
                settled.add(merged.key());
                cancel(merged, "Superseded by alert " + primary.key() + ", which now carries this evidence.");
            }
        }
        for (String key : candidates) {
            if (!settled.contains(key)) {
                cancel(find(key), noLongerHolds);
            }
        }
    }

    private void raise(EpisodeSummary episode) {
        if (factory.levelToRaise(rule, episode) < 0) {
            // No level's min_sources holds yet: the episode raises its alert when a source corroborates it.
            return;
        }
        if (rule.minExposedWorkers() > 0
                && factory.exposedWorkers(rule, episode, groupValues) < rule.minExposedWorkers()) {
            // Too few foreign workers at the sites it would cover: no alert for now. The episode is judged again
            // with its next change, which may bring sites (and workers) into scope.
            return;
        }
        String key = newKey(episode);
        Alert alert = build(episode, key, MsgType.Alert, 1, List.of(), changeTime);
        alerts.add(new AlertRecord(key, 1, AlertRecord.Status.OPEN, episode.start(), episode.end(),
                episode.end().time(), AlertRecord.Basis.of(episode), List.of(nowNanos),
                MaterialFacts.fingerprint(alert.content()), changeTime, AlertRecord.NOT_PENDING,
                saturatedAdd(nowMs, allClearSpanMs)));
        store.putLastMessage(alert);
        out.add(alert);
    }

    /**
     * The alert carries {@code episode} now. When nothing it is built from changed (same basis) and no change is
     * held, only reference data can have changed its content, so the last message is read back to compare.
     */
    private void update(AlertRecord primary, EpisodeSummary episode, boolean merged) {
        AlertRecord.Basis basis = AlertRecord.Basis.of(episode);
        boolean sameBasis = basis.equals(primary.basis());
        if (sameBasis && !merged && primary.pending()
                && factory.materialFingerprint(rule, episode, groupValues) == primary.material()) {
            // Nothing counted changed since the held change, nor anything material (a source that raises the
            // certainty or a level, a moved place that changes the sites): it still goes out when due.
            return;
        }
        long asOf = Math.max(changeTime, primary.lastSentAt());
        Alert candidate = null;
        long material;
        if (sameBasis && !merged) {
            candidate = build(episode, primary.key(), MsgType.Update, primary.sequence() + 1, references(primary),
                    asOf);
            if (sameContent(candidate, store.lastMessage(primary.key()))) {
                return;
            }
            material = MaterialFacts.fingerprint(candidate.content());
        } else {
            // Most changes to a busy group's alert are count-only and held: judged on the facts alone, the message
            // is built only if it goes out (building it is most of the cost of a change).
            material = factory.materialFingerprint(rule, episode, groupValues);
        }
        boolean atOnce = merged || interval == 0 || material != primary.material()
                || changeTime >= saturatedAdd(primary.lastSentAt(), interval)
                || (primary.pending() && changeTime >= primary.pendingDue());
        if (atOnce) {
            if (candidate == null) {
                candidate = build(episode, primary.key(), MsgType.Update, primary.sequence() + 1,
                        references(primary), asOf);
            }
            replace(primary, primary.sent(AlertRecord.Status.OPEN, episode.start(), episode.end(),
                    episode.end().time(), basis, nowNanos, material, asOf, saturatedAdd(nowMs, allClearSpanMs)));
            store.putLastMessage(candidate);
            out.add(candidate);
        } else {
            long due = primary.pending() ? primary.pendingDue() : saturatedAdd(primary.lastSentAt(), interval);
            long wallDue = primary.pending() ? primary.wallDue() : saturatedAdd(nowMs, interval / 1_000_000);
            replace(primary, primary.held(episode.start(), episode.end(), episode.end().time(), basis, due, wallDue));
            coalesced++;
        }
    }

    private void cancel(AlertRecord record, String reason) {
        Alert last = store.lastMessage(record.key());
        if (last == null) {
            throw new IllegalStateException("alert " + record.key() + " has no last message in the state store");
        }
        long asOf = Math.max(changeTime, record.lastSentAt());
        Alert cancel = factory.cancel(last, record.sequence() + 1, references(record), now, reason,
                EntryKey.instant(asOf));
        replace(record, record.sent(AlertRecord.Status.CANCELLED, record.first(), record.last(),
                record.lastEvidenceAt(), record.basis(), nowNanos, record.material(), asOf, record.wallDue()));
        store.putLastMessage(cancel);
        out.add(cancel);
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
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
