package org.frontierwatch.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeRef;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.EvidenceAccumulator;
import org.frontierwatch.state.IncidentEntry;


/**
 * A change that is not an in-order report. With {@code pivot} the lowest key it touches, windows closed
 * before the pivot are unchanged; the windows from the pivot on are re-measured, sliding from the stored
 * value of the window just before it; the episodes are re-chained from the last firing window before the
 * pivot (when a window after the pivot can still reach it) to the newest incident. Its length is that one
 * algorithm over one working state (the incidents loaded from the pivot on), which its steps share.
 */
final class GroupReevaluation {
    private final GroupUpdate u;
    private final IncidentEntry bEntry;
    private final IncidentEntry a;
    private final EntryKey kb;
    private final EntryKey ka;
    private final EntryKey pivot;
    /** The incidents from {@link #loadStart} to the newest, as they are after the change. */
    private final List<IncidentEntry> slots = new ArrayList<>();
    private final Map<EntryKey, IncidentEntry> stored = new HashMap<>();
    private EntryKey loadStart;

    GroupReevaluation(GroupUpdate u, IncidentEntry bEntry, IncidentEntry a, EntryKey kb) {
        this.u = u;
        this.bEntry = bEntry;
        this.a = a;
        this.kb = kb;
        this.ka = a == null ? null : a.key();
        this.pivot = EntryKey.min(bEntry == null ? null : bEntry.key(), ka);
    }

    /**
     * The group's rule changed, not its incidents: every stored incident keeps its window value (which depends on
     * the metric, the field and the window, not on the levels), and the episodes that reach the stored incidents are
     * re-chained under the rule's levels as they are now. Every open alert whose evidence reaches them is judged
     * again: an Update when its level or content changed, a Cancel when no episode carries it any more, a new Alert
     * for an episode no alert carries. What was purged (older than the window plus the grace period) is not seen.
     */
    void reconsider(AlertDecisions decisions) {
        u.store.scan(u.group, null, null, false, e -> {
            slots.add(e);
            stored.put(e.key(), e);
            return true;
        });
        if (slots.isEmpty()) {
            return;
        }
        loadStart = slots.get(0).key();
        int regionFrom = u.episodes.size();
        for (int i = u.episodes.size() - 1; i >= 0 && !u.episodes.get(i).end().isBefore(loadStart); i--) {
            regionFrom = i;
        }
        List<EpisodeSummary> chained = chain(null, -1);
        writeBack(0, regionFrom, chained);
        decisions.reconsider(chained, loadStart, (e, al) -> u.overlap(e, al) != null);
    }

    void run(AlertDecisions decisions) {
        // The last firing window before the pivot, and its episode: they take part only when a window
        // closing at or after the pivot can reach back to them.
        int ctx = -1;
        for (int i = 0; i < u.episodes.size(); i++) {
            if (u.episodes.get(i).start().isBefore(pivot)) {
                ctx = i;
            }
        }
        IncidentEntry last = null;
        int lastEpisode = -1;
        if (ctx >= 0) {
            EpisodeRef e = u.episodes.get(ctx);
            if (e.end().isBefore(pivot)) {
                last = u.store.entry(u.group, e.end());
                lastEpisode = ctx;
            } else {
                last = lastFiringBefore(e.start());
                if (last != null) {
                    lastEpisode = ctx;
                } else if (ctx > 0) {
                    last = u.store.entry(u.group, u.episodes.get(ctx - 1).end());
                    lastEpisode = ctx - 1;
                }
            }
        }
        boolean joins = last != null && last.time() >= pivot.time() - u.window;
        int regionFrom;
        if (joins) {
            regionFrom = lastEpisode;
        } else {
            regionFrom = u.episodes.size();
            for (int i = u.episodes.size() - 1; i >= 0 && !u.episodes.get(i).end().isBefore(pivot); i--) {
                regionFrom = i;
            }
        }

        loadStart = joins ? last.key() : pivot;
        u.store.scan(u.group, loadStart, null, false, e -> {
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

        writeBack(firstChanged, regionFrom, chained);

        decisions.decide(chained, kb, ka, this::shares);

        IncidentEntry newestEntry = slots.isEmpty() ? pred : slots.get(slots.size() - 1);
        u.newest = newestEntry == null ? null : newestEntry.key();
        u.windowValue = newestEntry == null ? 0 : newestEntry.windowValue();
        if (u.rule.metric() == MetricKind.DISTINCT_COUNT) {
            RunningWindow w = RunningWindow.empty(u.rule.metric());
            if (newestEntry != null) {
                forRange(EntryKey.atTime(newestEntry.time() - u.window), newestEntry.key().successor(), w::add);
            }
            u.rewriteDistinct(w.distinctValues());
        }
    }

    /** Stores the incidents from the first changed one on, and replaces the episodes from {@code regionFrom} on. */
    private void writeBack(int firstChanged, int regionFrom, List<EpisodeSummary> chained) {
        for (int i = firstChanged; i < slots.size(); i++) {
            IncidentEntry e = slots.get(i);
            if (!e.equals(stored.get(e.key()))) {
                u.store.putEntry(u.group, e);
            }
        }
        if (bEntry != null && !bEntry.key().equals(ka)) {
            u.store.deleteEntry(u.group, bEntry.key());
        }
        u.entries += (a != null ? 1 : 0) - (bEntry != null ? 1 : 0);
        for (int i = regionFrom; i < u.episodes.size(); i++) {
            u.store.deleteEpisode(u.group, u.episodes.get(i).start());
        }
        u.episodes.subList(regionFrom, u.episodes.size()).clear();
        for (EpisodeSummary e : chained) {
            u.episodes.add(e.ref());
            u.store.putEpisode(u.group, e);
        }
    }

    /** The last entry before the pivot and at or after {@code from} whose window fires, or null. */
    private IncidentEntry lastFiringBefore(EntryKey from) {
        IncidentEntry[] found = new IncidentEntry[1];
        u.store.scan(u.group, from, pivot, true, e -> {
            if (u.rule.levelFor(e.windowValue()) >= 0) {
                found[0] = e;
                return false;
            }
            return true;
        });
        return found[0];
    }

    private IncidentEntry entryBefore(EntryKey key) {
        IncidentEntry[] found = new IncidentEntry[1];
        u.store.scan(u.group, null, key, true, e -> {
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
            u.store.scan(u.group, from, EntryKey.min(to, loadStart), false, e -> {
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
        boolean fromPred = pred != null && pred.time() - u.window >= u.purgedBefore;
        RunningWindow w;
        long boundary;
        if (fromPred && u.rule.metric() != MetricKind.DISTINCT_COUNT) {
            w = RunningWindow.resume(u.rule.metric(), pred.windowValue());
            boundary = pred.time() - u.window;
        } else if (fromPred) {
            w = RunningWindow.empty(u.rule.metric());
            boundary = pred.time() - u.window;
            forRange(EntryKey.atTime(boundary), pred.key().successor(), w::add);
        } else {
            w = RunningWindow.empty(u.rule.metric());
            boundary = first.time() - u.window;
            forRange(EntryKey.atTime(boundary), first.key(), w::add);
        }
        List<IncidentEntry> leaving = new ArrayList<>();
        forRange(EntryKey.atTime(boundary), EntryKey.atTime(slots.get(slots.size() - 1).time() - u.window),
                leaving::add);
        int next = 0;
        for (int i = firstChanged; i < slots.size(); i++) {
            IncidentEntry e = slots.get(i);
            long lower = e.time() - u.window;
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
            EpisodeRef ref = u.episodes.get(lastEpisode);
            current = new EvidenceAccumulator(u.store.episode(u.group, ref.start()));
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
            if (u.rule.levelFor(e.windowValue()) < 0) {
                continue;
            }
            if (current != null && slots.get(currentLast).time() >= e.time() - u.window) {
                for (int k = currentLast + 1; k <= i; k++) {
                    current.add(slots.get(k));
                }
                currentMax = Math.max(currentMax, e.windowValue());
            } else {
                if (current != null) {
                    out.add(current.build(u.rule.levelFor(currentMax), currentMax));
                }
                EvidenceAccumulator fresh = new EvidenceAccumulator();
                forRange(EntryKey.atTime(e.time() - u.window), e.key().successor(), fresh::add);
                current = fresh;
                currentMax = e.windowValue();
            }
            slots.set(i, e.withWindow(e.windowValue(), currentMax));
            currentLast = i;
        }
        if (current != null) {
            out.add(current.build(u.rule.levelFor(currentMax), currentMax));
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
        u.store.scan(u.group, acc.start(), upTo, true, e -> {
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
        EntryKey[] o = u.overlap(e, al);
        if (o == null) {
            return false;
        }
        // Both bounds are evidence keys; below the loaded part nothing changed, so one exists there.
        if (o[0].isBefore(loadStart)) {
            return true;
        }
        String changed = u.change.incidentId();
        for (int i = insertionPoint(o[0]); i < slots.size() && !slots.get(i).key().isAfter(o[1]); i++) {
            if (!slots.get(i).id().equals(changed)) {
                return true;
            }
        }
        return false;
    }
}
