package org.frontierwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeRef;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.EvidenceAccumulator;
import org.frontierwatch.state.GroupStore;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.IncidentEntry;

/**
 * One change applied to one group: the working state of a single {@link GroupEvaluator#apply}. Consumes the
 * group's stored state and the change; produces the next state (written to the {@link GroupStore}) and the alert
 * messages. In-order reports are handled here; every other change by {@link GroupReevaluation}. Its length is the
 * in-order path and the purge, which share this one change's working state (the fields below).
 */
final class GroupUpdate {
    private final GroupEvaluator evaluator;
    final Rule rule;
    final GroupStore store;
    final GroupChange change;
    final String group;
    final long window;
    final long cutoff;
    final long alertCutoff;
    final Instant now;
    /** The watermark (event time, ns) the change is applied at. */
    final long streamTime;
    /** What the update is: a change of the group's incidents, of its rule, or of the reference data. */
    enum Kind { CHANGE, RULE_CHANGED, REFERENCE_CHANGED }

    final Kind kind;
    final GroupSummary s;
    final List<EpisodeRef> episodes;
    long purgedBefore;
    long purgeCutoff;
    long entries;
    EntryKey newest;
    double windowValue;

    GroupUpdate(GroupEvaluator evaluator, Rule rule, GroupStore store, GroupChange change, long streamTime,
            Instant now) {
        this(evaluator, rule, store, change, streamTime, now, Kind.CHANGE);
    }

    GroupUpdate(GroupEvaluator evaluator, Rule rule, GroupStore store, GroupChange change, long streamTime,
            Instant now, Kind kind) {
        this.evaluator = evaluator;
        this.streamTime = streamTime;
        this.kind = kind;
        this.rule = rule;
        this.store = store;
        this.change = change;
        this.group = change.ruleId() + "/" + change.groupKey();
        this.window = rule.window().toNanos();
        this.cutoff = streamTime - evaluator.retention(rule).toNanos();
        // Alerts live one grace period longer than incidents, so that a revision the intake still accepts finds
        // the alert it must update rather than opening a second one.
        this.alertCutoff = cutoff - evaluator.grace.toNanos();
        this.now = now;
        GroupSummary stored = store.summary(group);
        this.s = stored == null ? GroupSummary.EMPTY : stored;
        this.episodes = new ArrayList<>(s.episodes());
        this.purgedBefore = s.purgedBefore();
        this.purgeCutoff = s.purgeCutoff();
        this.entries = s.entries();
        this.newest = s.newest();
        this.windowValue = s.windowValue();
    }

    GroupEvaluator.Result run() {
        List<AlertRecord> alerts = new ArrayList<>(s.alerts().size() + 1);
        for (AlertRecord a : s.alerts()) {
            if (a.lastEvidenceAt() >= alertCutoff) {
                alerts.add(a);
            } else {
                store.deleteLastMessage(a.key());
            }
        }
        purge();
        Incident beforeIncident = change.before();
        EntryKey kb = beforeIncident == null ? null
                : EntryKey.of(beforeIncident.occurredAt(), beforeIncident.id());
        IncidentEntry bEntry = kb == null ? null : store.entry(group, kb);
        IncidentEntry a = change.after() == null ? null : IncidentEntry.of(rule, change.after());
        Incident current = change.after() != null ? change.after() : change.before();
        long changeTime = current == null ? streamTime : EntryKey.nanos(current.occurredAt());
        AlertDecisions decisions = new AlertDecisions(evaluator.factory, store, rule, change.groupKey(), change.group(),
                alerts, now, changeTime, evaluator.cadence.updateInterval(rule).toNanos(),
                evaluator.retention(rule), () -> evaluator.overflows.tallyOverflow(group));
        if (kind == Kind.RULE_CHANGED) {
            new GroupReevaluation(this, null, null, null).reconsider(decisions);
        } else if (kind == Kind.REFERENCE_CHANGED) {
            // Nothing the episodes are built from changed: each open alert is built again from its stored episode
            // and compared with its last message (sites, headcounts, names come from the reference data).
            List<EpisodeSummary> stored = new ArrayList<>();
            episodes.forEach(e -> stored.add(store.episode(group, e.start())));
            decisions.reconsider(stored, EntryKey.atTime(Long.MIN_VALUE), (e, al) -> overlap(e, al) != null);
        } else if (a == null && bEntry == null) {
            untouchedStructure(decisions, kb);
        } else if (bEntry == null && (newest == null || a.key().isAfter(newest))) {
            append(a, kb, decisions);
        } else {
            new GroupReevaluation(this, bEntry, a, kb).run(decisions);
        }
        GroupSummary next = new GroupSummary(newest, windowValue, episodes, decisions.alerts, purgedBefore,
                purgeCutoff, GroupSummary.NONE, entries, GroupSummary.NONE, GroupSummary.NONE);
        long bucket = GroupEvaluator.expiryBucket(evaluator.expiresAt(rule, next));
        if (bucket != s.expiryBucket()) {
            if (s.expiryBucket() != GroupSummary.NONE) {
                store.deleteExpiry(s.expiryBucket(), group);
            }
            if (bucket != GroupSummary.NONE) {
                store.putExpiry(bucket, group);
            }
        }
        GroupEvaluator.Timer timer = evaluator.timers.reindex(rule, store, group, s, decisions.alerts, true);
        next = new GroupSummary(newest, windowValue, episodes, decisions.alerts, purgedBefore, purgeCutoff,
                bucket, entries, timer.due(), timer.wallDue());
        if (next.isEmpty()) {
            store.deleteSummary(group);
        } else {
            store.putSummary(group, next);
        }
        return new GroupEvaluator.Result(decisions.out, next.openAlerts() - s.openAlerts(),
                next.pendingAlerts() - s.pendingAlerts(), decisions.coalesced, timer);
    }

    /**
     * Deletes incidents older than the window plus grace (but for the {@link GroupEvaluator#KEPT_BEHIND_CUTOFF} most
     * recent of
     * them), and the episodes that ended before the cutoff. An episode that began before it keeps its totals:
     * its early windows are final (no report the intake accepts can reach them). Runs once per step of event
     * time (an eighth of the retention, between a minute and a day), so most changes purge nothing.
     */
    void purge() {
        long step = Math.max(Duration.ofMinutes(1).toNanos(),
                Math.min(GroupEvaluator.DAY_NANOS, evaluator.retention(rule).toNanos() / 8));
        if (purgeCutoff != GroupSummary.NONE && cutoff - purgeCutoff < step) {
            return;
        }
        if (entries < 2L * GroupEvaluator.KEPT_BEHIND_CUTOFF) {
            // Fewer stored than twice the number kept behind the cutoff: a scan could delete few or none, and
            // would read the kept ones again at every step of a sparse group. They wait until there are more.
            dropEndedEpisodes();
            return;
        }
        purgeCutoff = cutoff;
        List<EntryKey> old = new ArrayList<>();
        int[] seen = {0};
        store.scan(group, null, EntryKey.atTime(cutoff), true, e -> {
            if (++seen[0] > GroupEvaluator.KEPT_BEHIND_CUTOFF) {
                old.add(e.key());
            }
            return true;
        });
        if (!old.isEmpty()) {
            old.forEach(k -> store.deleteEntry(group, k));
            entries -= old.size();
            purgedBefore = Math.max(purgedBefore, old.get(0).time() + 1);
        }
        dropEndedEpisodes();
    }

    /** Episodes that ended before the cutoff: no window an accepted report can reach joins them any more. */
    void dropEndedEpisodes() {
        while (!episodes.isEmpty() && episodes.get(0).end().time() < cutoff) {
            store.deleteEpisode(group, episodes.remove(0).start());
        }
    }

    /**
     * The changed incident is not (or no longer) in this group's store: nothing about its windows changes, but
     * an alert resting on it is still judged, so that one no live episode carries any more is cancelled.
     */
    void untouchedStructure(AlertDecisions decisions, EntryKey kb) {
        if (kb == null || decisions.alerts.stream().noneMatch(al -> al.open() && al.covers(kb))) {
            return;
        }
        List<EpisodeSummary> live = new ArrayList<>();
        episodes.forEach(e -> live.add(store.episode(group, e.start())));
        decisions.decide(live, kb, null, (e, al) -> overlap(e, al) != null);
    }

    // ------------------------------------------------------------------------------------ in-order reports

    /** A report newer than everything in the group: slide the newest window onto it. */
    void append(IncidentEntry a, EntryKey kb, AlertDecisions decisions) {
        double v = measureAppended(a);
        List<EpisodeSummary> touched = List.of();
        IncidentEntry entry;
        if (rule.levelFor(v) >= 0) {
            EpisodeRef last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            EvidenceAccumulator acc;
            double max;
            if (last != null && last.end().time() >= a.time() - window) {
                // The new window reaches back to the newest episode's last firing window: it joins that episode,
                // and so do the incidents between (each joins an episode at most once).
                acc = new EvidenceAccumulator(store.episode(group, last.start()));
                if (!last.end().equals(newest)) {
                    store.scan(group, last.end().successor(), a.key(), false, e -> {
                        acc.add(e);
                        return true;
                    });
                }
                max = Math.max(last.maxValue(), v);
                episodes.remove(episodes.size() - 1);
            } else {
                // A new episode: its evidence is the window that just fired.
                acc = new EvidenceAccumulator();
                store.scan(group, EntryKey.atTime(a.time() - window), a.key(), false, e -> {
                    acc.add(e);
                    return true;
                });
                max = v;
            }
            entry = a.withWindow(v, max);
            acc.add(entry);
            EpisodeSummary episode = acc.build(rule.levelFor(max), max);
            episodes.add(episode.ref());
            store.putEpisode(group, episode);
            touched = List.of(episode);
        } else {
            entry = a.withWindow(v, 0);
        }
        store.putEntry(group, entry);
        entries++;
        newest = entry.key();
        windowValue = v;
        EntryKey ka = a.key();
        decisions.decide(touched, kb, ka, (e, al) -> (al.covers(kb) && e.contains(ka)) || overlap(e, al) != null);
    }

    /** The value of the window the appended incident closes, slid from the newest window's when possible. */
    double measureAppended(IncidentEntry a) {
        boolean slide = newest != null && newest.time() - window >= purgedBefore;
        EntryKey leavingFrom = slide ? EntryKey.atTime(newest.time() - window) : null;
        EntryKey windowStart = EntryKey.atTime(a.time() - window);
        if (rule.metric() == MetricKind.DISTINCT_COUNT) {
            if (slide) {
                StoredDistinct d = new StoredDistinct(store, group, (int) windowValue);
                store.scan(group, leavingFrom, windowStart, false, e -> {
                    d.remove(e);
                    return true;
                });
                d.add(a);
                return d.size();
            }
            RunningWindow w = RunningWindow.empty(rule.metric());
            store.scan(group, windowStart, a.key(), false, e -> {
                w.add(e);
                return true;
            });
            w.add(a);
            rewriteDistinct(w.distinctValues());
            return w.value();
        }
        RunningWindow w;
        if (slide) {
            w = RunningWindow.resume(rule.metric(), windowValue);
            store.scan(group, leavingFrom, windowStart, false, e -> {
                w.remove(e);
                return true;
            });
        } else {
            // The newest window may hold purged incidents (a group quiet for longer than the grace period):
            // measure the new one from what is stored; it reaches back no further than the purge.
            w = RunningWindow.empty(rule.metric());
            store.scan(group, windowStart, a.key(), false, e -> {
                w.add(e);
                return true;
            });
        }
        w.add(a);
        return w.value();
    }

    void rewriteDistinct(Map<String, Integer> values) {
        Map<String, Integer> stored = new HashMap<>();
        store.scanWindowValues(group, stored::put);
        stored.forEach((v, n) -> {
            if (!values.containsKey(v)) {
                store.putWindowValueCount(group, v, 0);
            }
        });
        values.forEach((v, n) -> {
            if (!n.equals(stored.get(v))) {
                store.putWindowValueCount(group, v, n);
            }
        });
    }

    /** The evidence keys an episode and an alert's (earlier) evidence have in common, as a range, or null. */
    EntryKey[] overlap(EpisodeSummary e, AlertRecord al) {
        EntryKey lo = EntryKey.max(e.start(), al.first());
        EntryKey hi = EntryKey.min(e.end(), al.last());
        return lo.isAfter(hi) ? null : new EntryKey[] {lo, hi};
    }

}
