package org.frontierwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeRef;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupSummary;

/**
 * One rule group driven through the production {@link GroupEvaluator} over an {@link InMemoryGroupStore}, for unit
 * tests: consumes incident changes, produces the messages of each and the group's remembered alerts and episodes.
 * Stream time advances with the newest event time applied, unless a test sets it.
 */
public final class GroupRun {

    private final Rule rule;
    private final String groupKey;
    private final Map<String, String> group;
    private final GroupEvaluator evaluator;
    private final InMemoryGroupStore store = new InMemoryGroupStore();
    private Instant streamTime = Instant.EPOCH;
    private Instant now;
    public final List<Alert> all = new ArrayList<>();

    public GroupRun(Rule rule, ReferenceData reference, Duration grace, String groupKey, Map<String, String> group,
                    Instant now) {
        this(rule, new AlertFactory(reference, code -> { }), grace, groupKey, group, now);
    }

    public GroupRun(Rule rule, AlertFactory factory, Duration grace, String groupKey, Map<String, String> group,
                    Instant now) {
        this(rule, factory, grace, AlertCadence.EVERY_CHANGE, groupKey, group, now);
    }

    /** A run with a cadence: count-only Updates held to one per update interval, AllClears by {@link #fire}. */
    public GroupRun(Rule rule, ReferenceData reference, Duration grace, AlertCadence cadence, String groupKey,
                    Map<String, String> group, Instant now) {
        this(rule, new AlertFactory(reference, code -> { }), grace, cadence, groupKey, group, now);
    }

    private GroupRun(Rule rule, AlertFactory factory, Duration grace, AlertCadence cadence, String groupKey,
                     Map<String, String> group, Instant now) {
        this.rule = rule;
        this.groupKey = groupKey;
        this.group = group;
        this.evaluator = new GroupEvaluator(factory, grace, cadence);
        this.now = now;
    }

    /**
     * Fires the group's timers as the processor does: AllClears due by event time {@code upTo}, held Updates whose
     * wall-clock bound is at or before the run's wall clock ({@link #now}), and AllClears whose wall-clock bound
     * passed when {@code quiet}.
     */
    public List<Alert> fire(Instant upTo, boolean quiet) {
        List<Alert> out = evaluator.fire(rule, store, rule.id() + "/" + groupKey, EntryKey.nanos(upTo),
                now.toEpochMilli(), quiet, now).alerts();
        all.addAll(out);
        return out;
    }

    public GroupRun now(Instant now) {
        this.now = now;
        return this;
    }

    public List<Alert> apply(String id, Incident before, Incident after) {
        Incident current = after != null ? after : before;
        return apply(id, before, after, current.occurredAt().isAfter(streamTime) ? current.occurredAt() : streamTime);
    }

    /** Applies a change at an explicit stream time (which then stays the run's stream time if it is later). */
    public List<Alert> apply(String id, Incident before, Incident after, Instant atStreamTime) {
        if (atStreamTime.isAfter(streamTime)) {
            streamTime = atStreamTime;
        }
        GroupChange change = new GroupChange(rule.id(), groupKey, group, id, before, after, 0L);
        List<Alert> out = evaluator.apply(rule, store, change, atStreamTime, now).alerts();
        all.addAll(out);
        return out;
    }

    public List<Alert> add(Incident i) {
        return apply(i.id(), null, i);
    }

    public InMemoryGroupStore store() {
        return store;
    }

    private GroupSummary summary() {
        GroupSummary s = store.summary(rule.id() + "/" + groupKey);
        return s == null ? GroupSummary.EMPTY : s;
    }

    /** The alerts the group remembers, open and cancelled, oldest first. */
    public List<AlertRecord> alerts() {
        return summary().alerts();
    }

    public long openAlerts() {
        return summary().openAlerts();
    }

    /** The group's live episodes, oldest first. */
    public List<EpisodeSummary> episodes() {
        List<EpisodeSummary> out = new ArrayList<>();
        for (EpisodeRef ref : summary().episodes()) {
            out.add(store.episode(rule.id() + "/" + groupKey, ref.start()));
        }
        return out;
    }
}
