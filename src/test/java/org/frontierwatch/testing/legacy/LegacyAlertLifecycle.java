package org.frontierwatch.testing.legacy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * Applies one incident change to one rule group and decides which alert messages follow: a new {@code Alert} the
 * first time an episode fires, an {@code Update} when an open alert's level or evidence changes, a {@code Cancel}
 * when a retraction or revision leaves its condition unmet. Alerts whose evidence the change does not touch are
 * left alone, so a re-sent or replayed report can never produce a second message. Pure: no Kafka types.
 */
public final class LegacyAlertLifecycle {

    /** At most this many earlier messages are listed in {@code references}. */
    static final int MAX_REFERENCES = 20;

    private final LegacyAlertFactory factory;
    private final Duration grace;

    public record Outcome(LegacyGroupState state, List<Alert> alerts) {
    }

    public LegacyAlertLifecycle(LegacyAlertFactory factory, Duration grace) {
        this.factory = factory;
        this.grace = grace;
    }

    /**
     * How long a group keeps incidents: the window plus the grace period, the longest a late report can still
     * reach back and pair with them.
     */
    public Duration retention(Rule rule) {
        return rule.window().plus(grace);
    }

    public Outcome apply(Rule rule, LegacyGroupState state, GroupChange change, Instant streamTime, Instant now) {
        Instant contributionCutoff = streamTime.minus(retention(rule));
        // Alert state lives one grace period longer than incidents, so that a revision the intake still accepts
        // finds the alert it must update rather than opening a second one.
        Instant alertCutoff = contributionCutoff.minus(grace);
        String id = change.incidentId();

        List<LegacyAlertState> alerts = new ArrayList<>();
        for (LegacyAlertState a : state.openAlerts()) {
            if (!a.lastEvidenceAt().isBefore(alertCutoff)) {
                alerts.add(a);
            }
        }
        List<Incident> contributions = new ArrayList<>();
        for (Incident i : state.contributions()) {
            if (!i.id().equals(id) && !i.occurredAt().isBefore(contributionCutoff)) {
                contributions.add(i);
            }
        }
        if (change.after() != null) {
            // Added even when older than the cutoff: it was accepted upstream and must count at least once.
            contributions.add(change.after());
        }
        contributions.sort(LegacyWindowEvaluator.BY_TIME);
        List<LegacyEpisode> episodes = LegacyWindowEvaluator.episodes(rule, contributions);

        List<LegacyAlertState> touchedAlerts = alerts.stream()
                .filter(a -> !a.cancelled() && a.evidenceIds().contains(id)).toList();
        List<LegacyEpisode> touched = episodes.stream()
                .filter(e -> e.contains(id) || touchedAlerts.stream().anyMatch(a ->
                        e.sharesEvidenceWith(a.evidenceIds())))
                .toList();
        Set<String> candidates = new LinkedHashSet<>();
        touchedAlerts.forEach(a -> candidates.add(a.key()));
        for (LegacyAlertState a : alerts) {
            if (!a.cancelled() && touched.stream().anyMatch(e -> e.sharesEvidenceWith(a.evidenceIds()))) {
                candidates.add(a.key());
            }
        }

        List<Alert> out = new ArrayList<>();
        Set<String> settled = new LinkedHashSet<>();
        for (LegacyEpisode episode : touched) {
            List<LegacyAlertState> sharing = alerts.stream()
                    .filter(a -> candidates.contains(a.key()) && !settled.contains(a.key()))
                    .filter(a -> episode.sharesEvidenceWith(a.evidenceIds()))
                    .toList();
            if (sharing.isEmpty()) {
                String key = newKey(rule, change, episode, alerts);
                Alert alert = factory.build(rule, episode, change.group(), key, MsgType.Alert, 1, List.of(), now);
                alerts.add(new LegacyAlertState(key, 1, episode.evidenceIds(), lastEvidenceAt(episode), alert, false));
                settled.add(key);
                out.add(alert);
                continue;
            }
            LegacyAlertState primary = sharing.get(0);
            settled.add(primary.key());
            Alert candidate = factory.build(rule, episode, change.group(), primary.key(), MsgType.Update,
                    primary.sequence() + 1, referencesAfter(primary.last()), now);
            if (!sameContent(candidate, primary.last())) {
                replace(alerts, primary, new LegacyAlertState(primary.key(), primary.sequence() + 1,
                        episode.evidenceIds(),
                        lastEvidenceAt(episode), candidate, false));
                out.add(candidate);
            }
            for (LegacyAlertState merged : sharing.subList(1, sharing.size())) {
                settled.add(merged.key());
                out.add(cancel(alerts, merged, now, "Superseded by alert " + primary.key()
                        + ", which now carries this evidence."));
            }
        }
        for (String key : candidates) {
            if (!settled.contains(key)) {
                LegacyAlertState a = alerts.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
                out.add(cancel(alerts, a, now, "The evidence was retracted or revised and rule " + rule.id()
                        + " no longer holds."));
            }
        }
        return new Outcome(new LegacyGroupState(contributions, alerts), out);
    }

    private Alert cancel(List<LegacyAlertState> alerts, LegacyAlertState state, Instant now, String reason) {
        Alert cancel = factory.cancel(state.last(), state.sequence() + 1, referencesAfter(state.last()), now, reason);
        replace(alerts, state, new LegacyAlertState(state.key(), state.sequence() + 1, state.evidenceIds(),
                state.lastEvidenceAt(), cancel, true));
        return cancel;
    }

    private static void replace(List<LegacyAlertState> alerts, LegacyAlertState old, LegacyAlertState updated) {
        alerts.set(alerts.indexOf(old), updated);
    }

    private static List<AlertReference> referencesAfter(Alert last) {
        List<AlertReference> refs = new ArrayList<>(last.references());
        refs.add(new AlertReference(last.alertId(), last.sent()));
        return refs.size() <= MAX_REFERENCES ? refs : refs.subList(refs.size() - MAX_REFERENCES, refs.size());
    }

    /** True when two messages say the same thing, whatever their identity, type and send time. */
    static boolean sameContent(Alert a, Alert b) {
        return a.key().equals(b.key()) && a.content().equals(b.content());
    }

    private static Instant lastEvidenceAt(LegacyEpisode e) {
        return e.evidence().get(e.evidence().size() - 1).occurredAt();
    }

    /**
     * {@code rule/group} for immediate rules, {@code rule/group/first-evidence-date} for windowed ones; a suffix
     * keeps it unique among the group's remembered alerts, cancelled ones included.
     */
    static String newKey(Rule rule, GroupChange change, LegacyEpisode episode, List<LegacyAlertState> known) {
        String base = rule.id() + "/" + change.groupKey();
        if (rule.kind() == RuleKind.WINDOWED && !rule.groupBy().contains(GroupDimension.INCIDENT)) {
            base += "/" + episode.evidence().get(0).occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
        }
        String key = base;
        for (int n = 2; isKnown(key, known); n++) {
            key = base + "-" + n;
        }
        return key;
    }

    private static boolean isKnown(String key, List<LegacyAlertState> known) {
        return known.stream().anyMatch(a -> a.key().equals(key));
    }
}
