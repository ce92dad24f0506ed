package org.frontierwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.frontierwatch.model.Alert;
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
 * Applies one incident change to one rule group held in a {@link GroupStore} and returns the alert messages that
 * follow. Consumes {@link GroupChange}s; produces {@link Alert}s and the group's next state. Pure: no Kafka types.
 *
 * <p>The semantics are those of docs/rules.md: sliding event-time windows (every incident closes one, both ends
 * inclusive), firing windows that share an incident merged into episodes, one alert per episode with Alert, Update
 * and Cancel. The state is laid out so that a report's cost does not depend on how busy its group is:
 * <ul>
 *   <li>An in-order report (newer than everything in the group, the common case) slides the newest window: it reads
 *   the group summary, the incidents leaving the window (each leaves once) and, when the window fires, the newest
 *   episode's summary; it writes one entry.</li>
 *   <li>Any other change (a late report, a revision, a retraction) re-measures only the windows after it, from the
 *   stored value of the window just before it, and re-chains only the episodes from the one before it onwards:
 *   its cost grows with how many incidents came after it, never with the size of the rest of the group.</li>
 *   <li>Alert content is built only for episodes the change touched, and compared with the last message only when
 *   the cheap {@link AlertRecord.Basis} is unchanged.</li>
 * </ul>
 * Incidents older than the window plus the grace period are deleted as the window slides: no window a report the
 * intake still accepts can reach includes them, and the episodes they belonged to keep their totals.
 */
public final class GroupEvaluator {

    /**
     * Incidents older than the cutoff are kept back, this many of them: the most recent ids of an episode cut short
     * by a late change are read back from the store, and may reach further back than the cutoff.
     */
    static final int KEPT_BEHIND_CUTOFF = EpisodeSummary.RECENT_IDS;
    static final long DAY_NANOS = Duration.ofDays(1).toNanos();
    /**
     * Expiry buckets are weeks of event time: a group moves in the index at most once a week (a sparse group whose
     * every report moves event time by days would otherwise move at every report), and an aged-out group is
     * deleted within a week of its expiry.
     */
    static final long EXPIRY_BUCKET_NANOS = Duration.ofDays(7).toNanos();

    private final AlertFactory factory;
    private final Duration grace;
    private final OverflowListener overflows;

    /**
     * Told when an alert is built from an episode that names more distinct values of some dimension (districts,
     * sites, nationalities, ...) than it keeps ({@code Tally.MAX_VALUES}): the alert then names the first ones only.
     */
    public interface OverflowListener {
        void tallyOverflow(String group);
    }

    /** The messages a change sends, and by how much it changed the number of open alerts. */
    public record Result(List<Alert> alerts, long openAlertsDelta) {
    }

    public GroupEvaluator(AlertFactory factory, Duration grace) {
        this(factory, grace, group -> { });
    }

    public GroupEvaluator(AlertFactory factory, Duration grace, OverflowListener overflows) {
        this.factory = factory;
        this.grace = grace;
        this.overflows = overflows;
    }

    /**
     * How long a group keeps incidents: the window plus the grace period, the longest a late report can still
     * reach back and pair with them. Alerts are remembered one grace period longer.
     */
    public Duration retention(Rule rule) {
        return rule.window().plus(grace);
    }

    /**
     * @param streamTime the evaluator's event-time watermark, this change included
     * @param now        the wall-clock time the messages are sent at
     */
    public Result apply(Rule rule, GroupStore store, GroupChange change, Instant streamTime, Instant now) {
        return new Update(rule, store, change, EntryKey.nanos(streamTime), now).run();
    }

    /** When a group's incidents and alerts will all have aged out: its newest evidence plus window and two graces. */
    public long expiresAt(Rule rule, GroupSummary s) {
        long newest = s.newest() == null ? Long.MIN_VALUE : s.newest().time();
        for (AlertRecord a : s.alerts()) {
            newest = Math.max(newest, a.lastEvidenceAt());
        }
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE
                : saturatedAdd(newest, retention(rule).plus(grace).toNanos());
    }

    /** The week number {@link #expiresAt} falls in: the group's bucket in the expiry index. */
    public static long expiryBucket(long expiresAt) {
        return expiresAt == Long.MIN_VALUE ? GroupSummary.NONE : Math.floorDiv(expiresAt, EXPIRY_BUCKET_NANOS);
    }

    /**
     * Deletes everything of {@code group} when {@code rule} is null (no longer configured) or its state has aged out
     * by {@code streamTime}; otherwise makes sure the expiry index holds it under the right bucket.
     *
     * @return how many open alerts were forgotten with it
     */
    public long expire(Rule rule, GroupStore store, String group, Instant streamTime) {
        GroupSummary s = store.summary(group);
        if (s == null) {
            return 0;
        }
        long wm = EntryKey.nanos(streamTime);
        if (rule != null) {
            long expiresAt = expiresAt(rule, s);
            if (expiresAt >= wm) {
                long bucket = expiryBucket(expiresAt);
                if (bucket != s.expiryBucket()) {
                    store.deleteExpiry(s.expiryBucket(), group);
                    store.putExpiry(bucket, group);
                    store.putSummary(group, new GroupSummary(s.newest(), s.windowValue(), s.episodes(), s.alerts(),
                            s.purgedBefore(), s.purgeCutoff(), bucket, s.entries()));
                }
                return 0;
            }
        }
        List<EntryKey> keys = new ArrayList<>();
        store.scan(group, null, null, false, e -> keys.add(e.key()));
        keys.forEach(k -> store.deleteEntry(group, k));
        s.episodes().forEach(e -> store.deleteEpisode(group, e.start()));
        s.alerts().forEach(a -> store.deleteLastMessage(a.key()));
        List<String> values = new ArrayList<>();
        store.scanWindowValues(group, (v, n) -> values.add(v));
        values.forEach(v -> store.putWindowValueCount(group, v, 0));
        if (s.expiryBucket() != GroupSummary.NONE) {
            store.deleteExpiry(s.expiryBucket(), group);
        }
        store.deleteSummary(group);
        return s.openAlerts();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /** One change applied to one group: the working state of a single {@link #apply}. */
    private final class Update {
        private final Rule rule;
        private final GroupStore store;
        private final GroupChange change;
        private final String group;
        private final long window;
        private final long cutoff;
        private final long alertCutoff;
        private final Instant now;
        private final GroupSummary s;
        private final List<EpisodeRef> episodes;
        private long purgedBefore;
        private long purgeCutoff;
        private long entries;
        private EntryKey newest;
        private double windowValue;

        Update(Rule rule, GroupStore store, GroupChange change, long streamTime, Instant now) {
            this.rule = rule;
            this.store = store;
            this.change = change;
            this.group = change.ruleId() + "/" + change.groupKey();
            this.window = rule.window().toNanos();
            this.cutoff = streamTime - retention(rule).toNanos();
            // Alerts live one grace period longer than incidents, so that a revision the intake still accepts finds
            // the alert it must update rather than opening a second one.
            this.alertCutoff = cutoff - grace.toNanos();
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

        Result run() {
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
            AlertDecisions decisions = new AlertDecisions(factory, store, rule, change.groupKey(), change.group(),
                    alerts, now, () -> overflows.tallyOverflow(group));
            if (a == null && bEntry == null) {
                untouchedStructure(decisions, kb);
            } else if (bEntry == null && (newest == null || a.key().isAfter(newest))) {
                append(a, kb, decisions);
            } else {
                new Reevaluation(bEntry, a, kb).run(decisions);
            }
            GroupSummary next = new GroupSummary(newest, windowValue, episodes, decisions.alerts, purgedBefore,
                    purgeCutoff, GroupSummary.NONE, entries);
            long bucket = expiryBucket(expiresAt(rule, next));
            if (bucket != s.expiryBucket()) {
                if (s.expiryBucket() != GroupSummary.NONE) {
                    store.deleteExpiry(s.expiryBucket(), group);
                }
                if (bucket != GroupSummary.NONE) {
                    store.putExpiry(bucket, group);
                }
            }
            next = new GroupSummary(newest, windowValue, episodes, decisions.alerts, purgedBefore, purgeCutoff,
                    bucket, entries);
            if (next.isEmpty()) {
                store.deleteSummary(group);
            } else {
                store.putSummary(group, next);
            }
            return new Result(decisions.out, next.openAlerts() - s.openAlerts());
        }

        /**
         * Deletes incidents older than the window plus grace (but for the {@link #KEPT_BEHIND_CUTOFF} most recent of
         * them), and the episodes that ended before the cutoff. An episode that began before it keeps its totals:
         * its early windows are final (no report the intake accepts can reach them). Runs once per step of event
         * time (an eighth of the retention, between a minute and a day), so most changes purge nothing.
         */
        private void purge() {
            long step = Math.max(Duration.ofMinutes(1).toNanos(),
                    Math.min(DAY_NANOS, retention(rule).toNanos() / 8));
            if (purgeCutoff != GroupSummary.NONE && cutoff - purgeCutoff < step) {
                return;
            }
            if (entries < 2L * KEPT_BEHIND_CUTOFF) {
                // Fewer stored than twice the number kept behind the cutoff: a scan could delete few or none, and
                // would read the kept ones again at every step of a sparse group. They wait until there are more.
                dropEndedEpisodes();
                return;
            }
            purgeCutoff = cutoff;
            List<EntryKey> old = new ArrayList<>();
            int[] seen = {0};
            store.scan(group, null, EntryKey.atTime(cutoff), true, e -> {
                if (++seen[0] > KEPT_BEHIND_CUTOFF) {
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
        private void dropEndedEpisodes() {
            while (!episodes.isEmpty() && episodes.get(0).end().time() < cutoff) {
                store.deleteEpisode(group, episodes.remove(0).start());
            }
        }

        /**
         * The changed incident is not (or no longer) in this group's store: nothing about its windows changes, but
         * an alert resting on it is still judged, so that one no live episode carries any more is cancelled.
         */
        private void untouchedStructure(AlertDecisions decisions, EntryKey kb) {
            if (kb == null || decisions.alerts.stream().noneMatch(al -> !al.cancelled() && al.covers(kb))) {
                return;
            }
            List<EpisodeSummary> live = new ArrayList<>();
            episodes.forEach(e -> live.add(store.episode(group, e.start())));
            decisions.decide(live, kb, null, (e, al) -> overlap(e, al) != null);
        }

        // ------------------------------------------------------------------------------------ in-order reports

        /** A report newer than everything in the group: slide the newest window onto it. */
        private void append(IncidentEntry a, EntryKey kb, AlertDecisions decisions) {
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
        private double measureAppended(IncidentEntry a) {
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

        private void rewriteDistinct(Map<String, Integer> values) {
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
        private EntryKey[] overlap(EpisodeSummary e, AlertRecord al) {
            EntryKey lo = EntryKey.max(e.start(), al.first());
            EntryKey hi = EntryKey.min(e.end(), al.last());
            return lo.isAfter(hi) ? null : new EntryKey[] {lo, hi};
        }

        // ------------------------------------------------------------------------------------ everything else

        /**
         * A change that is not an in-order report. With {@code pivot} the lowest key it touches, windows closed
         * before the pivot are unchanged; the windows from the pivot on are re-measured, sliding from the stored
         * value of the window just before it; the episodes are re-chained from the last firing window before the
         * pivot (when a window after the pivot can still reach it) to the newest incident.
         */
        private final class Reevaluation {
            private final IncidentEntry bEntry;
            private final IncidentEntry a;
            private final EntryKey kb;
            private final EntryKey ka;
            private final EntryKey pivot;
            /** The incidents from {@link #loadStart} to the newest, as they are after the change. */
            private final List<IncidentEntry> slots = new ArrayList<>();
            private final Map<EntryKey, IncidentEntry> stored = new HashMap<>();
            private EntryKey loadStart;

            Reevaluation(IncidentEntry bEntry, IncidentEntry a, EntryKey kb) {
                this.bEntry = bEntry;
                this.a = a;
                this.kb = kb;
                this.ka = a == null ? null : a.key();
                this.pivot = EntryKey.min(bEntry == null ? null : bEntry.key(), ka);
            }

            void run(AlertDecisions decisions) {
                // The last firing window before the pivot, and its episode: they take part only when a window
                // closing at or after the pivot can reach back to them.
                int ctx = -1;
                for (int i = 0; i < episodes.size(); i++) {
                    if (episodes.get(i).start().isBefore(pivot)) {
                        ctx = i;
                    }
                }
                IncidentEntry last = null;
                int lastEpisode = -1;
                if (ctx >= 0) {
                    EpisodeRef e = episodes.get(ctx);
                    if (e.end().isBefore(pivot)) {
                        last = store.entry(group, e.end());
                        lastEpisode = ctx;
                    } else {
                        last = lastFiringBefore(e.start());
                        if (last != null) {
                            lastEpisode = ctx;
                        } else if (ctx > 0) {
                            last = store.entry(group, episodes.get(ctx - 1).end());
                            lastEpisode = ctx - 1;
                        }
                    }
                }
                boolean joins = last != null && last.time() >= pivot.time() - window;
                int regionFrom;
                if (joins) {
                    regionFrom = lastEpisode;
                } else {
                    regionFrom = episodes.size();
                    for (int i = episodes.size() - 1; i >= 0 && !episodes.get(i).end().isBefore(pivot); i--) {
                        regionFrom = i;
                    }
                }

                loadStart = joins ? last.key() : pivot;
                store.scan(group, loadStart, null, false, e -> {
                    slots.add(e);
                    stored.put(e.key(), e);
                    return true;
                });
                if (bEntry != null) {
                    slots.removeIf(e -> e.key().equals(bEntry.key()));
                }
                if (a != null) {
                    int at = insertionPoint(ka);
                    slots.add(at, a);
                }
                int firstChanged = insertionPoint(pivot);
                IncidentEntry pred = firstChanged > 0 ? slots.get(firstChanged - 1) : entryBefore(pivot);

                measure(firstChanged, pred);
                List<EpisodeSummary> chained = chain(joins ? last : null, lastEpisode);

                for (int i = firstChanged; i < slots.size(); i++) {
                    IncidentEntry e = slots.get(i);
                    if (!e.equals(stored.get(e.key()))) {
                        store.putEntry(group, e);
                    }
                }
                if (bEntry != null && !bEntry.key().equals(ka)) {
                    store.deleteEntry(group, bEntry.key());
                }
                entries += (a != null ? 1 : 0) - (bEntry != null ? 1 : 0);
                for (int i = regionFrom; i < episodes.size(); i++) {
                    store.deleteEpisode(group, episodes.get(i).start());
                }
                episodes.subList(regionFrom, episodes.size()).clear();
                for (EpisodeSummary e : chained) {
                    episodes.add(e.ref());
                    store.putEpisode(group, e);
                }

                decisions.decide(chained, kb, ka, this::shares);

                IncidentEntry newestEntry = slots.isEmpty() ? pred : slots.get(slots.size() - 1);
                newest = newestEntry == null ? null : newestEntry.key();
                windowValue = newestEntry == null ? 0 : newestEntry.windowValue();
                if (rule.metric() == MetricKind.DISTINCT_COUNT) {
                    RunningWindow w = RunningWindow.empty(rule.metric());
                    if (newestEntry != null) {
                        forRange(EntryKey.atTime(newestEntry.time() - window), newestEntry.key().successor(), w::add);
                    }
                    rewriteDistinct(w.distinctValues());
                }
            }

            /** The last entry before the pivot and at or after {@code from} whose window fires, or null. */
            private IncidentEntry lastFiringBefore(EntryKey from) {
                IncidentEntry[] found = new IncidentEntry[1];
                store.scan(group, from, pivot, true, e -> {
                    if (rule.levelFor(e.windowValue()) >= 0) {
                        found[0] = e;
                        return false;
                    }
                    return true;
                });
                return found[0];
            }

            private IncidentEntry entryBefore(EntryKey key) {
                IncidentEntry[] found = new IncidentEntry[1];
                store.scan(group, null, key, true, e -> {
                    found[0] = e;
                    return false;
                });
                return found[0];
            }

            private int insertionPoint(EntryKey key) {
                int lo = 0;
                int hi = slots.size();
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (slots.get(mid).key().isBefore(key)) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }

            /** Visits the entries with {@code from <= key < to} as they are after the change. */
            private void forRange(EntryKey from, EntryKey to, Consumer<IncidentEntry> visitor) {
                if (from.isBefore(loadStart)) {
                    store.scan(group, from, EntryKey.min(to, loadStart), false, e -> {
                        visitor.accept(e);
                        return true;
                    });
                }
                for (int i = insertionPoint(EntryKey.max(from, loadStart)); i < slots.size(); i++) {
                    IncidentEntry e = slots.get(i);
                    if (!e.key().isBefore(to)) {
                        break;
                    }
                    visitor.accept(e);
                }
            }

            /** Re-measures the windows closed by the incidents from {@code firstChanged} on. */
            private void measure(int firstChanged, IncidentEntry pred) {
                if (firstChanged >= slots.size()) {
                    return;
                }
                IncidentEntry first = slots.get(firstChanged);
                // Slide from the window just before the pivot when all its incidents are still stored; else (only
                // after a purge, for a report beyond the grace period) measure the first window from what is stored.
                boolean fromPred = pred != null && pred.time() - window >= purgedBefore;
                RunningWindow w;
                long boundary;
                if (fromPred && rule.metric() != MetricKind.DISTINCT_COUNT) {
                    w = RunningWindow.resume(rule.metric(), pred.windowValue());
                    boundary = pred.time() - window;
                } else if (fromPred) {
                    w = RunningWindow.empty(rule.metric());
                    boundary = pred.time() - window;
                    forRange(EntryKey.atTime(boundary), pred.key().successor(), w::add);
                } else {
                    w = RunningWindow.empty(rule.metric());
                    boundary = first.time() - window;
                    forRange(EntryKey.atTime(boundary), first.key(), w::add);
                }
                List<IncidentEntry> leaving = new ArrayList<>();
                forRange(EntryKey.atTime(boundary), EntryKey.atTime(slots.get(slots.size() - 1).time() - window),
                        leaving::add);
                int next = 0;
                for (int i = firstChanged; i < slots.size(); i++) {
                    IncidentEntry e = slots.get(i);
                    long lower = e.time() - window;
                    while (next < leaving.size() && leaving.get(next).time() < lower) {
                        w.remove(leaving.get(next++));
                    }
                    w.add(e);
                    slots.set(i, e.withWindow(w.value(), e.prefixMax()));
                }
            }

            /**
             * Chains the firing windows from {@code last} (the last firing window before the pivot, when a later
             * window can reach it) to the newest incident into episodes, as a full evaluation would.
             */
            private List<EpisodeSummary> chain(IncidentEntry last, int lastEpisode) {
                List<EpisodeSummary> out = new ArrayList<>();
                EvidenceAccumulator current = null;
                int currentLast = -1;
                double currentMax = 0;
                int from = 0;
                if (last != null) {
                    EpisodeRef ref = episodes.get(lastEpisode);
                    current = new EvidenceAccumulator(store.episode(group, ref.start()));
                    if (ref.end().isAfter(last.key())) {
                        // The episode went on past the pivot: what it holds after its last firing window before the
                        // pivot is taken away, as it was before this change.
                        for (IncidentEntry e : slots) {
                            if (e.key().isAfter(last.key()) && !e.key().isAfter(ref.end()) && !e.key().equals(ka)) {
                                current.remove(e);
                            }
                        }
                        if (bEntry != null && bEntry.key().isAfter(last.key()) && !bEntry.key().isAfter(ref.end())) {
                            current.remove(bEntry);
                        }
                        current.endAt(last.key());
                        refillRecent(current);
                    }
                    currentLast = 0;
                    currentMax = last.prefixMax();
                    from = 1;
                }
                for (int i = from; i < slots.size(); i++) {
                    IncidentEntry e = slots.get(i);
                    if (rule.levelFor(e.windowValue()) < 0) {
                        continue;
                    }
                    if (current != null && slots.get(currentLast).time() >= e.time() - window) {
                        for (int k = currentLast + 1; k <= i; k++) {
                            current.add(slots.get(k));
                        }
                        currentMax = Math.max(currentMax, e.windowValue());
                    } else {
                        if (current != null) {
                            out.add(current.build(rule.levelFor(currentMax), currentMax));
                        }
                        EvidenceAccumulator fresh = new EvidenceAccumulator();
                        forRange(EntryKey.atTime(e.time() - window), e.key().successor(), fresh::add);
                        current = fresh;
                        currentMax = e.windowValue();
                    }
                    slots.set(i, e.withWindow(e.windowValue(), currentMax));
                    currentLast = i;
                }
                if (current != null) {
                    out.add(current.build(rule.levelFor(currentMax), currentMax));
                }
                return out;
            }

            /** After an episode was cut short, reads back the recent keys it listed after its new end. */
            private void refillRecent(EvidenceAccumulator acc) {
                int missing = acc.recentMissing();
                if (missing <= 0) {
                    return;
                }
                EntryKey upTo = acc.oldestRecent() != null ? acc.oldestRecent() : acc.end().successor();
                List<EntryKey> older = new ArrayList<>(missing);
                store.scan(group, acc.start(), upTo, true, e -> {
                    older.add(e.key());
                    return older.size() < missing;
                });
                acc.prependRecent(older);
            }

            /**
             * Whether an episode (after the change) and an alert's evidence (before it) share an incident: one other
             * than the changed incident in both, or the changed incident itself when it was in the alert's evidence
             * and is in the episode now.
             */
            private boolean shares(EpisodeSummary e, AlertRecord al) {
                if (al.covers(kb) && e.contains(ka)) {
                    return true;
                }
                EntryKey[] o = overlap(e, al);
                if (o == null) {
                    return false;
                }
                // Both bounds are evidence keys; below the loaded part nothing changed, so one exists there.
                if (o[0].isBefore(loadStart)) {
                    return true;
                }
                String changed = change.incidentId();
                for (int i = insertionPoint(o[0]); i < slots.size() && !slots.get(i).key().isAfter(o[1]); i++) {
                    if (!slots.get(i).id().equals(changed)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /** The distinct values of the newest window counted in the store, one read and write per value. */
    private static final class StoredDistinct {
        private final GroupStore store;
        private final String group;
        private int size;

        StoredDistinct(GroupStore store, String group, int size) {
            this.store = store;
            this.group = group;
            this.size = size;
        }

        void add(IncidentEntry e) {
            for (String v : e.metricValues()) {
                int n = store.windowValueCount(group, v);
                if (n == 0) {
                    size++;
                }
                store.putWindowValueCount(group, v, n + 1);
            }
        }

        void remove(IncidentEntry e) {
            for (String v : e.metricValues()) {
                int n = store.windowValueCount(group, v);
                if (n == 1) {
                    size--;
                }
                if (n > 0) {
                    store.putWindowValueCount(group, v, n - 1);
                }
            }
        }

        int size() {
            return size;
        }
    }
}
