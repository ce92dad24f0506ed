package org.frontierwatch.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleBook;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.Tally;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules per rule group: applies each {@link GroupChange} to the group's state with the
 * {@link GroupEvaluator} and forwards the alert messages that follow, keyed by alert key; fires the groups' timers
 * (held Updates, closing AllClears) as event time passes them. Consumes the repartitioned group changes; produces
 * alerts.
 *
 * <p>Time here is event time: the router stamps records with {@code occurred_at}, and only accepted, plausible
 * reports get this far. Retention and timers are measured against this processor's own watermark (the lowest, over
 * the intake partitions feeding it, of the highest {@code occurred_at} each has sent: {@link AlignedWatermark}; kept
 * in the state store) rather than Kafka Streams' task stream time, which would
 * also count the producer timestamps of any other source sharing the task (as in the TopologyTestDriver). Before
 * and after each change, every closing AllClear due at or before the watermark goes out. Held count-only Updates
 * are not fired by the watermark (which depends on how partitions interleave) but by their alert's own next change
 * (decided in the evaluator) or by their wall-clock bound, checked every minute; an AllClear's wall-clock bound
 * applies only once the watermark has not moved for {@link #QUIET_AFTER} (the input has gone quiet). Wall-clock
 * bounds are the only difference between a live run and a backtest of the same input. All state (groups,
 * timers, watermark, the open and pending alert counts) lives in one store, so under exactly-once the state and the
 * alert records commit together: a crash between them can neither lose an alert nor send one twice, and a timer
 * fired before a crash is fired again after it only if its messages were not committed. The store is cached, so a
 * group changed many times within a commit interval reaches RocksDB and the changelog once.
 *
 * <p>One class because it is one processor: its length is what the task does to that one store as event and wall
 * time pass (changes, rules and reference data changing, timers, expiry), all steps sharing the store, the watermark
 * and the forwarding context; the judging itself is {@link GroupEvaluator}'s.
 */
final class RuleEvaluator implements Processor<String, GroupChange, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(5);
    /** How often the wall clock is looked at, for expiry and the timers' wall-clock bound. */
    private static final Duration WALL_CLOCK_INTERVAL = Duration.ofMinutes(1);
    /** The input counts as quiet once the watermark has not moved for this long: wall-clock bounds apply then. */
    static final Duration QUIET_AFTER = Duration.ofMinutes(1);
    /** The watermark is written to the store when it has moved on this far (every record would cost a write). */
    private static final long WATERMARK_PERSIST_MS = Duration.ofMinutes(1).toMillis();
    /** Most scans of the timer index per wall-clock look (see {@link #wallClock}). */
    private static final int WALL_CLOCK_ROUNDS = 4;

    /** How often the rules in force are compared with the versions this task's state was evaluated under. */
    private static final Duration RULES_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RuleBook book;
    /** The rules in force as this task last applied them. */
    private RuleBook.Snapshot rules;
    /** What this task's state was last evaluated under: rule id to {@link #stamp} (kept in the store). */
    private final Map<String, String> applied = new HashMap<>();
    /** The reference data's version when this task last judged its open alerts against it. */
    private long referencesSeen = -1;
    private final Duration grace;
    private final AlertCadence cadence;
    private final PipelineMetrics metrics;
    private final Serde<Alert> alertSerde;
    private final ReferenceVersion references;
    private final int intakePartitions;
    private ProcessorContext<String, Alert> context;
    private KafkaGroupStore groups;
    private GroupEvaluator evaluator;
    private String taskId;
    private long openAlerts;
    private final Map<String, Long> pendingAlerts = new HashMap<>();
    /** The event-time watermark: the lowest progress over the intake partitions ({@link AlignedWatermark}). */
    private long watermark = -1;
    private AlignedWatermark aligned;
    /** Each intake partition's progress as last written to the store. */
    private final Map<Integer, Long> persistedSources = new HashMap<>();
    private long persistedWatermark = -1;
    /** Wall clock (ms) when the watermark last moved, or when this task started. */
    private long watermarkMovedAt;
    private long lastExpiry;
    /** The earliest due time in the timer index (event time, ns), or Long.MAX_VALUE. */
    private long nextDue = Long.MAX_VALUE;
    /** No timer's wall-clock bound is earlier than this (ms); Long.MAX_VALUE when there is no timer. */
    private long nextWallDue = Long.MAX_VALUE;

    RuleEvaluator(RuleBook book, Duration grace, AlertCadence cadence, PipelineMetrics metrics,
                  Serde<Alert> alertSerde, ReferenceVersion references, int intakePartitions) {
        this.book = book;
        this.grace = grace;
        this.cadence = cadence;
        this.metrics = metrics;
        this.alertSerde = alertSerde;
        this.references = references;
        this.intakePartitions = intakePartitions;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(Names.RULE_GROUP_STATE_STORE);
        this.groups = new KafkaGroupStore(store, alertSerde, metrics);
        AlertFactory factory = new AlertFactory(TopologyReferences.from(context, references),
                code -> metrics.enrichmentMiss("nationalities"));
        this.evaluator = new GroupEvaluator(factory, grace, cadence, group -> {
            metrics.episodeTallyOverflow();
            LOG.debug("Episode of {} names more than {} distinct values of a dimension; alerts list the first ones",
                    LogSafe.clip(group), Tally.MAX_VALUES);
        });
        context.schedule(WALL_CLOCK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::wallClock);
        context.schedule(RULES_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, ms -> {
            applyRules();
            applyReferences();
        });
        referencesSeen = -1; // the reference data may have changed while this task was not running
        rules = null;
        applied.clear();
        applied.putAll(groups.ruleVersions());
        openAlerts = groups.openAlerts();
        Long stored = groups.watermark();
        watermark = stored == null ? -1 : stored;
        persistedWatermark = watermark;
        watermarkMovedAt = context.currentSystemTimeMs();
        persistedSources.clear();
        persistedSources.putAll(groups.sourceWatermarks());
        aligned = new AlignedWatermark(watermark, persistedSources, watermarkMovedAt, intakePartitions);
        lastExpiry = watermarkMovedAt;
        metrics.activeAlerts(taskId, openAlerts);
        for (String rule : book.snapshot().byId().keySet()) {
            long n = groups.pendingAlerts(rule);
            pendingAlerts.put(rule, n);
            metrics.pendingAlerts(taskId, rule, n);
        }
        rescanTimers();
    }

    @Override
    public void process(Record<String, GroupChange> record) {
        GroupChange change = record.value();
        applyRules();
        Rule rule = rules.get(change.ruleId());
        if (rule == null) {
            // A rule taken out of force while its changes were in flight on the repartition topic.
            metrics.changeForUnknownRule();
            LOG.warn("Skipping a change for rule '{}', which is no longer configured",
                    LogSafe.clip(change.ruleId()));
            return;
        }
        long nowMs = context.currentSystemTimeMs();
        int source = SourcePartitionHeader.read(record.headers());
        if (aligned.observe(source, record.timestamp(), nowMs)) {
            long progress = aligned.progress(source);
            long persisted = persistedSources.getOrDefault(source, -1L);
            if (progress - persisted >= WATERMARK_PERSIST_MS) {
                groups.putSourceWatermark(source, progress);
                persistedSources.put(source, progress);
            }
        }
        advanceWatermark(nowMs);
        long streamTime = EntryKey.nanos(Instant.ofEpochMilli(watermark));
        fireDue(streamTime);
        GroupEvaluator.Result result = evaluator.apply(rule, groups, change, Instant.ofEpochMilli(watermark),
                now());
        publish(rule.id(), result, change.receivedAtMs());
        noteTimer(result.timer());
        fireDue(streamTime);
    }

    /**
     * Moves the watermark to the aligned one ({@link AlignedWatermark}). Kept in memory, written when it has moved on
     * a minute: it only decides how long incidents and alerts are kept (window plus grace and more), which a minute
     * less after a crash does not change. Timers are fired against it, but they are in the store: after a crash they
     * fire again when it passes them again.
     */
    private void advanceWatermark(long nowMs) {
        long next = aligned.value(nowMs);
        if (next > watermark) {
            watermark = next;
            watermarkMovedAt = nowMs;
            if (watermark - persistedWatermark >= WATERMARK_PERSIST_MS) {
                groups.putWatermark(watermark);
                persistedWatermark = watermark;
            }
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void publish(String rule, GroupEvaluator.Result result, long receivedAtMs) {
        countOpenAlerts(result.openAlertsDelta());
        if (result.pendingDelta() != 0) {
            long n = pendingAlerts.merge(rule, result.pendingDelta(), Long::sum);
            groups.putPendingAlerts(rule, n);
            metrics.addPendingAlerts(taskId, rule, result.pendingDelta());
        }
        metrics.changeCoalesced(rule, result.coalesced());
        for (Alert alert : result.alerts()) {
            metrics.alertPublished(alert);
            if (receivedAtMs > 0) {
                metrics.alertLatency(Duration.ofMillis(context.currentSystemTimeMs() - receivedAtMs));
            }
            // The record timestamp is when the alert was issued, not the incident's event time: the alerts topics
            // delete by time (retention.ms, 7 days by default), and event-time stamps from a replayed or backfilled
            // history would let the broker delete alerts as soon as they are written (the reliability oracle caught
            // exactly that).
            context.forward(new Record<>(alert.key(), alert, alert.sent().toEpochMilli(), new RecordHeaders()));
        }
    }

    private void countOpenAlerts(long delta) {
        if (delta != 0) {
            openAlerts += delta;
            groups.putOpenAlerts(openAlerts);
            metrics.addActiveAlerts(taskId, delta);
        }
    }

    /**
     * Brings this task's state to the rules in force, once per change of the {@link RuleBook} (checked before every
     * change and every second). Each rule's version and {@link Rule#measure} are kept in the store with the state
     * they were applied to, so under exactly-once a rule change and the messages it causes commit together, and a
     * crash in between applies it again from the same state. A rule new to this task starts with its next change;
     * one whose levels, scope, texts or cadence changed has its groups judged again ({@link GroupEvaluator#reconsider}:
     * Updates at once, on the incidents held); one whose measure changed, or that was taken out of force, has its
     * groups retired ({@link GroupEvaluator#retire}: open alerts cancelled, incidents dropped; the intake then sends a
     * changed rule the incidents it holds, {@link RuleReplay}).
     */
    private void applyRules() {
        RuleBook.Snapshot now = book.snapshot();
        if (now == rules) {
            return;
        }
        rules = now;
        Instant streamTime = Instant.ofEpochMilli(Math.max(watermark, 0));
        for (Rule rule : now.rules()) {
            String stamp = stamp(rule);
            String was = applied.put(rule.id(), stamp);
            if (stamp.equals(was)) {
                continue;
            }
            groups.putRuleVersion(rule.id(), stamp);
            if (was == null) {
                continue; // new to this task: nothing held for it
            }
            boolean sameMeasure = was.substring(was.indexOf(' ') + 1).equals(stamp.substring(stamp.indexOf(' ') + 1));
            if (sameMeasure) {
                List<String> held = groups.groupsOf(rule.id());
                for (String group : held) {
                    apply(rule.id(), evaluator.reconsider(rule, groups, group, streamTime, now()));
                }
                metrics.reevaluated(rule.id(), "rule_changed", held.size());
                LOG.info("Rule {} is now version {}: {} groups of task {} judged again", rule.id(), rule.version(),
                        held.size(), taskId);
            } else {
                retire(rule.id(), "rule_restructured", "Rule " + rule.id() + " now measures or groups incidents "
                        + "differently (version " + rule.version() + "); this alert is withdrawn.");
            }
        }
        for (String id : List.copyOf(applied.keySet())) {
            if (now.get(id) == null) {
                retire(id, "rule_deleted", "Rule " + id + " was taken out of force; this alert is withdrawn.");
                applied.remove(id);
                groups.deleteRuleVersion(id);
            }
        }
    }

    /**
     * After the reference data changed (checked every second), every open alert of this task is built again from its
     * stored episode and updated where its content changed ({@link GroupEvaluator#referencesChanged}). The groups
     * with open alerts are the ones in the timer index (each open alert has its closing AllClear there), so the work
     * is proportional to the open alerts, not to the state held.
     */
    private void applyReferences() {
        long version = references.current();
        if (version == referencesSeen || rules == null) {
            return;
        }
        referencesSeen = version;
        Set<String> open = new LinkedHashSet<>();
        groups.scanTimers((at, group, wallDue) -> {
            open.add(group);
            return true;
        });
        Map<String, Integer> perRule = new HashMap<>();
        Instant streamTime = Instant.ofEpochMilli(Math.max(watermark, 0));
        for (String group : open) {
            Rule rule = rules.get(group.substring(0, Math.max(0, group.indexOf('/'))));
            if (rule != null) {
                perRule.merge(rule.id(), 1, Integer::sum);
                apply(rule.id(), evaluator.referencesChanged(rule, groups, group, streamTime, now()));
            }
        }
        perRule.forEach((rule, n) -> metrics.reevaluated(rule, "reference_changed", n));
    }

    private void retire(String ruleId, String cause, String reason) {
        List<String> held = groups.groupsOf(ruleId);
        for (String group : held) {
            apply(ruleId, evaluator.retire(groups, group, reason, now()));
        }
        metrics.reevaluated(ruleId, cause, held.size());
        LOG.info("Rule {}: {} groups of task {} retired ({})", ruleId, held.size(), taskId, cause);
    }

    private void apply(String ruleId, GroupEvaluator.Result result) {
        if (result != GroupEvaluator.Result.NONE) {
            publish(ruleId, result, 0);
            noteTimer(result.timer());
        }
    }

    /**
     * A rule's version and the first 6 bytes of its {@link Rule#measureDigest} in hex, as kept in the store:
     * "version digest".
     */
    static String stamp(Rule rule) {
        return (rule.version() == null ? "none" : rule.version()) + " "
                + String.format("%012x", rule.measureDigest() >>> 16);
    }

    /** A group's timer moved: keep the earliest event and wall-clock due times in view. */
    private void noteTimer(GroupEvaluator.Timer timer) {
        if (timer.due() != GroupSummary.NONE) {
            nextDue = Math.min(nextDue, timer.due());
            nextWallDue = Math.min(nextWallDue, timer.wallDue());
        }
    }

    /**
     * Fires the AllClears due at or before {@code upTo} (event time, ns), earliest first. No timer is due before
     * {@link #nextDue} (every new one passes {@link #noteTimer}), so the scan starts there: never over the deleted
     * entries of timers already fired, which RocksDB keeps until it compacts them (scanning from the start made each
     * scan's cost grow with the number of episodes ended so far). The same scan sees the first timer after
     * {@code upTo}, which firing the others leaves in place (a group has one entry), so it is the next due time
     * unless a fired group was re-armed earlier ({@link #noteTimer} again). A lower bound is all that
     * {@link #nextDue} must be: one that is too low costs a scan, never a timer.
     */
    private void fireDue(long upTo) {
        while (nextDue <= upTo) {
            List<Map.Entry<Long, String>> due = new ArrayList<>();
            long[] after = {Long.MAX_VALUE};
            groups.scanTimers(nextDue, (at, group, wallDue) -> {
                if (at > upTo) {
                    after[0] = at;
                    return false;
                }
                due.add(Map.entry(at, group));
                return true;
            });
            nextDue = after[0];
            for (Map.Entry<Long, String> t : due) {
                if (!fire(t.getValue(), t.getKey(), upTo, false)) {
                    // An early entry moved to its group's real due time (noted in nextDue): scan again from here,
                    // so that the entries after it and the moved one fire in the order of their times.
                    nextDue = Math.min(nextDue, t.getKey());
                    break;
                }
            }
        }
    }

    /** Fires one group's index entry; false when the entry was early and has only moved to the group's real time. */
    private boolean fire(String group, long indexedDue, long upTo, boolean quiet) {
        int slash = group.indexOf('/');
        Rule rule = rules == null ? null : rules.get(slash < 0 ? group : group.substring(0, slash));
        if (rule == null) {
            // A rule taken out of force: its groups are retired by applyRules or deleted by expiry.
            groups.deleteTimer(indexedDue, group);
            return true;
        }
        GroupEvaluator.Result result = evaluator.fire(rule, groups, group, upTo, context.currentSystemTimeMs(),
                quiet, now());
        if (result == GroupEvaluator.Result.NONE) {
            groups.deleteTimer(indexedDue, group); // the group is gone: a stale index entry
            return true;
        }
        publish(rule.id(), result, 0);
        noteTimer(result.timer());
        return !result.alerts().isEmpty() || result.timer().due() == indexedDue;
    }

    /** Recomputes the earliest event and wall-clock due times from the whole timer index. */
    private void rescanTimers() {
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE};
        groups.scanTimers((at, group, wallDue) -> {
            min[0] = Math.min(min[0], at);
            min[1] = Math.min(min[1], wallDue);
            return true;
        });
        nextDue = min[0];
        nextWallDue = min[1];
    }

    /**
     * Every minute of wall-clock time: expiry (every {@link #EXPIRY_INTERVAL}), and the timers whose wall-clock bound
     * has passed: held Updates always (a quiet group among busy ones still sends its held change), closing AllClears
     * only once the input has been quiet for {@link #QUIET_AFTER} (while reports flow, event time decides when an
     * episode is over; a backlog read after an outage must not close episodes it is about to renew).
     */
    private void wallClock(long nowMs) {
        applyRules();
        if (nowMs - lastExpiry >= EXPIRY_INTERVAL.toMillis()) {
            lastExpiry = nowMs;
            expireIdleGroups();
        }
        long before = watermark;
        advanceWatermark(nowMs); // a partition gone idle no longer holds it back
        if (watermark > before) {
            fireDue(EntryKey.nanos(Instant.ofEpochMilli(watermark)));
        }
        if (nowMs < nextWallDue) {
            return;
        }
        boolean quiet = nowMs - watermarkMovedAt >= QUIET_AFTER.toMillis();
        long upTo = watermark < 0 ? Long.MIN_VALUE : EntryKey.nanos(Instant.ofEpochMilli(watermark));
        // Early entries only move on their first firing (fire); a second round fires them where they now are. A
        // few rounds at most: what is left goes at the next minute's look.
        boolean moved = true;
        for (int round = 0; moved && round < WALL_CLOCK_ROUNDS; round++) {
            List<Map.Entry<Long, String>> due = new ArrayList<>();
            groups.scanTimers((at, group, wallDue) -> {
                if (wallDue <= nowMs) {
                    due.add(Map.entry(at, group));
                }
                return true;
            });
            moved = false;
            for (Map.Entry<Long, String> t : due) {
                moved |= !fire(t.getValue(), t.getKey(), upTo, quiet);
            }
        }
        rescanTimers();
    }

    /**
     * Drops groups whose incidents and alerts have all aged out, so idle districts do not keep state forever. The
     * expiry index lists groups by the week they expire, so this reads only the groups that are due. Timers due by
     * the watermark fire first, so that no episode is forgotten before its AllClear went out.
     */
    private void expireIdleGroups() {
        if (watermark < 0) {
            return;
        }
        Instant streamTime = Instant.ofEpochMilli(watermark);
        fireDue(EntryKey.nanos(streamTime));
        long today = GroupEvaluator.expiryBucket(EntryKey.nanos(streamTime));
        List<String> due = new ArrayList<>();
        groups.scanExpiry(today, (bucket, group) -> due.add(group));
        for (String group : due) {
            int slash = group.indexOf('/');
            Rule rule = rules == null ? null : rules.get(slash < 0 ? group : group.substring(0, slash));
            countOpenAlerts(-evaluator.expire(rule, groups, group, streamTime));
        }
    }
}
