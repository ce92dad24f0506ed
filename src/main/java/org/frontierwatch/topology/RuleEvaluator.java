package org.frontierwatch.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.Tally;
import org.frontierwatch.validation.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules per rule group: applies each {@link GroupChange} to the group's state with the
 * {@link GroupEvaluator} and forwards the alert messages that follow, keyed by alert key. Consumes the
 * repartitioned group changes; produces alerts.
 *
 * <p>Time here is event time: the router stamps records with {@code occurred_at}, and only accepted, plausible
 * reports get this far. Retention is measured against this processor's own watermark (the highest
 * {@code occurred_at} it has seen, kept in the state store) rather than Kafka Streams' task stream time, which would
 * also count the producer timestamps of any other source sharing the task (as in the TopologyTestDriver). All state
 * (groups, watermark, the open-alert count) lives in one store, so under exactly-once the state and the alert
 * records commit together: a crash between them can neither lose an alert nor send one twice. The store is cached,
 * so a group changed many times within a commit interval reaches RocksDB and the changelog once.
 */
final class RuleEvaluator implements Processor<String, GroupChange, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(5);
    /** The watermark is written to the store when it has moved on this far (every record would cost a write). */
    private static final long WATERMARK_PERSIST_MS = Duration.ofMinutes(1).toMillis();

    private final Map<String, Rule> rules;
    private final Duration grace;
    private final PipelineMetrics metrics;
    private final Serde<Alert> alertSerde;
    private final ReferenceVersion references;
    private ProcessorContext<String, Alert> context;
    private KafkaGroupStore groups;
    private GroupEvaluator evaluator;
    private long openAlerts;
    /** The highest record timestamp seen; -1 before the first. */
    private long watermark = -1;
    private long persistedWatermark = -1;

    RuleEvaluator(List<Rule> rules, Duration grace, PipelineMetrics metrics, Serde<Alert> alertSerde,
                  ReferenceVersion references) {
        this.rules = rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
        this.grace = grace;
        this.metrics = metrics;
        this.alertSerde = alertSerde;
        this.references = references;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(Names.RULE_GROUP_STATE_STORE);
        this.groups = new KafkaGroupStore(store, alertSerde, metrics);
        AlertFactory factory = new AlertFactory(TopologyReferences.from(context, references),
                code -> metrics.enrichmentMiss("nationalities"));
        this.evaluator = new GroupEvaluator(factory, grace, group -> {
            metrics.episodeTallyOverflow();
            LOG.debug("Episode of {} names more than {} distinct values of a dimension; alerts list the first ones",
                    LogSafe.clip(group), Tally.MAX_VALUES);
        });
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> expireIdleGroups());
        openAlerts = groups.openAlerts();
        Long stored = groups.watermark();
        watermark = stored == null ? -1 : stored;
        persistedWatermark = watermark;
        metrics.activeAlerts(context.taskId().toString(), openAlerts);
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
        if (record.timestamp() > watermark) {
            // Kept in memory, written when it has moved on a minute: it only decides how long incidents and alerts
            // are kept (window plus grace and more), which a minute less after a crash does not change.
            watermark = record.timestamp();
            if (watermark - persistedWatermark >= WATERMARK_PERSIST_MS) {
                groups.putWatermark(watermark);
                persistedWatermark = watermark;
            }
        }
        GroupEvaluator.Result result = evaluator.apply(rule, groups, change, Instant.ofEpochMilli(watermark),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        countOpenAlerts(result.openAlertsDelta());
        for (Alert alert : result.alerts()) {
            metrics.alertPublished(alert);
            metrics.alertLatency(Duration.ofMillis(context.currentSystemTimeMs() - change.receivedAtMs()));
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
            metrics.addActiveAlerts(context.taskId().toString(), delta);
        }
    }

    /**
     * Drops groups whose incidents and alerts have all aged out, so idle districts do not keep state forever. The
     * expiry index lists groups by the day they expire, so this reads only the groups that are due.
     */
    private void expireIdleGroups() {
        if (watermark < 0) {
            return;
        }
        Instant streamTime = Instant.ofEpochMilli(watermark);
        long today = GroupEvaluator.expiryBucket(EntryKey.nanos(streamTime));
        List<String> due = new ArrayList<>();
        groups.scanExpiry(today, (bucket, group) -> due.add(group));
        for (String group : due) {
            int slash = group.indexOf('/');
            Rule rule = rules.get(slash < 0 ? group : group.substring(0, slash));
            countOpenAlerts(-evaluator.expire(rule, groups, group, streamTime));
        }
    }
}
