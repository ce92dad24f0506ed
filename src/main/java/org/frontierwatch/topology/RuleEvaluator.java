package org.frontierwatch.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.AlertLifecycle;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertState;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.GroupState;
import org.frontierwatch.model.Incident;
import org.frontierwatch.rules.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.frontierwatch.validation.LogSafe;

/**
 * Evaluates the rules per rule group: applies each {@link GroupChange} to the group's state (incidents in the
 * window plus grace, open alerts) and forwards the alert messages that follow, keyed by alert key.
 *
 * <p>Time here is event time: the router stamps records with {@code occurred_at}, and only accepted, plausible
 * reports get this far. Retention is measured against this processor's own watermark (the highest
 * {@code occurred_at} it has seen, kept in a store) rather than Kafka Streams' task stream time, which would
 * also count the producer timestamps of any other source sharing the task (as in the TopologyTestDriver). Under exactly-once, the store update and the alert records commit together, so a
 * crash between them can neither lose an alert nor send one twice.
 */
final class RuleEvaluator implements Processor<String, GroupChange, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

    private final Map<String, Rule> rules;
    private final Duration grace;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private static final String WATERMARK_KEY = "watermark";
    private KeyValueStore<String, GroupState> groups;
    private KeyValueStore<String, Long> watermarks;
    private AlertLifecycle lifecycle;

    RuleEvaluator(List<Rule> rules, Duration grace, PipelineMetrics metrics) {
        this.rules = rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
        this.grace = grace;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.groups = context.getStateStore(Names.RULE_GROUPS_STORE);
        this.watermarks = context.getStateStore(Names.RULE_GROUPS_WATERMARK_STORE);
        AlertFactory factory = new AlertFactory(TopologyReferences.from(context),
                code -> metrics.enrichmentMiss("nationalities"));
        this.lifecycle = new AlertLifecycle(factory, grace);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeIdleGroups());
        metrics.activeAlerts(context.taskId().toString(), countOpenAlerts());
    }

    @Override
    public void process(Record<String, GroupChange> record) {
        GroupChange change = record.value();
        Rule rule = rules.get(change.ruleId());
        if (rule == null) {
            // A rule removed from the rules file while its changes were in flight on the repartition topic.
            metrics.changeForUnknownRule();
            LOG.warn("Skipping a change for rule '{}', which is no longer configured",
                    LogSafe.clip(change.ruleId()));
            return;
        }
        GroupState state = groups.get(record.key());
        Long watermark = watermarks.get(WATERMARK_KEY);
        if (watermark == null || record.timestamp() > watermark) {
            watermark = record.timestamp();
            watermarks.put(WATERMARK_KEY, watermark);
        }
        Instant streamTime = Instant.ofEpochMilli(watermark);
        AlertLifecycle.Outcome outcome = lifecycle.apply(rule, state == null ? GroupState.EMPTY : state, change,
                streamTime, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.addActiveAlerts(context.taskId().toString(), open(outcome.state()) - open(state));
        if (outcome.state().isEmpty()) {
            groups.delete(record.key());
        } else {
            groups.put(record.key(), outcome.state());
        }
        for (Alert alert : outcome.alerts()) {
            metrics.alertPublished(alert);
            metrics.alertLatency(java.time.Duration.ofMillis(context.currentSystemTimeMs() - change.receivedAtMs()));
            // The record timestamp is when the alert was issued, not the incident's event time: the alerts topics
            // delete by time (retention.ms, 7 days by default), and event-time stamps from a replayed or backfilled
            // history would let the broker delete alerts as soon as they are written (the reliability oracle caught
            // exactly that).
            context.forward(new Record<>(alert.key(), alert, alert.sent().toEpochMilli(), new RecordHeaders()));
        }
    }

    /** Drops groups whose incidents and alerts have all aged out, so idle districts do not keep state forever. */
    private void purgeIdleGroups() {
        Long streamTime = watermarks.get(WATERMARK_KEY);
        if (streamTime == null) {
            return;
        }
        List<String> idle = new java.util.ArrayList<>();
        try (KeyValueIterator<String, GroupState> it = groups.all()) {
            while (it.hasNext()) {
                KeyValue<String, GroupState> kv = it.next();
                Rule rule = rules.get(ruleIdOf(kv.key));
                if (rule == null || kv.value.isEmpty() || expired(rule, kv.value, streamTime)) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(groups::delete);
        metrics.activeAlerts(context.taskId().toString(), countOpenAlerts());
    }

    private static long open(GroupState state) {
        return state == null ? 0 : state.openAlerts().stream().filter(a -> !a.cancelled()).count();
    }

    private long countOpenAlerts() {
        long n = 0;
        try (KeyValueIterator<String, GroupState> it = groups.all()) {
            while (it.hasNext()) {
                n += open(it.next().value);
            }
        }
        return n;
    }

    private boolean expired(Rule rule, GroupState state, long streamTime) {
        long cutoff = streamTime - lifecycle.retention(rule).plus(grace).toMillis();
        boolean incidentsGone = state.contributions().stream().map(Incident::occurredAt)
                .allMatch(t -> t.toEpochMilli() < cutoff);
        boolean alertsGone = state.openAlerts().stream().map(AlertState::lastEvidenceAt)
                .allMatch(t -> t.toEpochMilli() < cutoff);
        return incidentsGone && alertsGone;
    }

    private static String ruleIdOf(String groupStoreKey) {
        int slash = groupStoreKey.indexOf('/');
        return slash < 0 ? groupStoreKey : groupStoreKey.substring(0, slash);
    }
}
