package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentChange;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.RuleBook;
import org.frontierwatch.validation.RejectReason;
import org.frontierwatch.validation.ReportParser;
import org.frontierwatch.validation.ReportValidationException;

/**
 * The front door: validates each raw report, recognises duplicates and revisions by incident id, rejects reports
 * later than the grace period, enriches the rest with the gazetteer and emits an {@link IncidentChange}
 * (old and new version) keyed by incident id. Tombstones retract. Every rejection is forwarded with the original
 * bytes (cut to a bound when huge, see {@link DeadLetterBounds}) and headers naming the reason and the source
 * topic/partition/offset ({@link DeadLetterHeaders}), for the dead-letter sink.
 *
 * <p>Event time: the source's record timestamps (producer time) are not trusted for anything. Lateness is judged
 * against this processor's own watermark, the highest {@code occurred_at} of an <em>accepted</em> report on this
 * partition, kept in a store so it survives restarts. Because reports in the future beyond the clock-skew
 * allowance are rejected before they can raise it, one bad timestamp cannot make good reports "late".
 *
 * <p>A rule put in force while running (or measuring incidents differently) is sent the incidents this task holds,
 * for it alone ({@link RuleReplay}).
 */
final class IntakeProcessor implements Processor<byte[], byte[], byte[], Intake> {

    private static final String WATERMARK_KEY = "watermark";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);
    private static final Duration RULES_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ReportParser parser;
    private final Duration grace;
    private final Duration incidentRetention;
    private final PipelineMetrics metrics;
    private final ReferenceVersion references;
    private final RuleReplay replay;
    /** Forwards a held incident replayed to one rule ({@link RuleReplay}); built once, called per replayed incident. */
    private final BiConsumer<Incident, Headers> replayedForwarder = this::forwardReplayed;
    private ProcessorContext<byte[], Intake> context;
    private KeyValueStore<String, IncidentState> incidents;
    private KeyValueStore<String, Long> watermarks;
    private DistrictResolver resolver;

    IntakeProcessor(ReportParser parser, Duration grace, Duration incidentRetention, PipelineMetrics metrics,
                    ReferenceVersion references, RuleBook rules) {
        this.replay = new RuleReplay(rules);
        this.parser = parser;
        this.grace = grace;
        this.incidentRetention = incidentRetention;
        this.metrics = metrics;
        this.references = references;
    }

    @Override
    public void init(ProcessorContext<byte[], Intake> context) {
        this.context = context;
        this.incidents = context.getStateStore(Names.INCIDENTS_STORE);
        this.watermarks = context.getStateStore(Names.WATERMARK_STORE);
        this.resolver = new DistrictResolver(TopologyReferences.from(context, references));
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeExpiredIncidents());
        context.schedule(RULES_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> replayForChangedRules());
        replay.reset();
    }

    /** A rule new to this task, or measuring differently, is sent the incidents held ({@link RuleReplay}). */
    private void replayForChangedRules() {
        replay.apply(incidents, watermarks, replayedForwarder);
    }

    private void forwardReplayed(Incident incident, Headers headers) {
        String id = incident.report().id();
        context.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8),
                Intake.accepted(new IncidentChange(id, incident, incident, 0)), incident.occurredAt().toEpochMilli(),
                headers));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        replayForChangedRules();
        metrics.reportReceived();
        if (record.key() == null) {
            reject(record, RejectReason.MISSING_KEY, "the record key must be the incident id");
            return;
        }
        String key = ReportParser.decodeKey(record.key());
        if (key == null) {
            // Also for tombstones: a garbled key names no incident, so it must not retract one.
            reject(record, RejectReason.KEY_MISMATCH,
                    "the record key is not valid UTF-8, so it cannot be an incident id");
            return;
        }
        if (record.value() == null) {
            retract(record, key);
            return;
        }
        IncidentReport report;
        try {
            report = parser.parse(record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        } catch (ReportValidationException e) {
            reject(record, e.reason(), e.getMessage());
            return;
        }
        if (!key.equals(report.id())) {
            reject(record, RejectReason.KEY_MISMATCH, "record key does not equal the report id");
            return;
        }
        IncidentState previous = incidents.get(key);
        if (previous != null && report.revision() <= previous.revision()) {
            // A re-sent report or an older revision: it changes nothing, by design, and is only counted.
            metrics.reportDuplicate();
            return;
        }
        Long watermark = watermarks.get(WATERMARK_KEY);
        long occurredAt = report.occurredAt().toEpochMilli();
        if (watermark != null && occurredAt < watermark - grace.toMillis()) {
            reject(record, RejectReason.LATE, "occurred_at " + report.occurredAt() + " is more than " + grace
                    + " before the latest accepted report (" + Instant.ofEpochMilli(watermark) + ")");
            return;
        }
        // A revision's sources add to the earlier revisions' (corroboration counts across them).
        Incident earlier = previous == null || previous.retracted() ? null : previous.latest();
        Incident incident = resolver.enrich(report.forEvaluation()
                .corroboratedBy(earlier == null ? null : earlier.report()));
        if (!incident.districtKnown()) {
            metrics.enrichmentMiss("districts");
        }
        if (report.siteId() != null && !incident.siteKnown()) {
            metrics.enrichmentMiss("sites");
        }
        incidents.put(key, new IncidentState(incident, report.revision(), false, occurredAt));
        if (watermark == null || occurredAt > watermark) {
            watermarks.put(WATERMARK_KEY, occurredAt);
        }
        metrics.eventTimeWatermark(context.taskId().toString(), occurredAt);
        boolean revision = previous != null;
        metrics.reportAccepted(revision);
        Incident before = previous == null || previous.retracted() ? null : previous.latest();
        forward(record, new IncidentChange(key, before, incident, context.currentSystemTimeMs()), occurredAt);
    }

    /** A tombstone retracts the incident; the retracted marker keeps older revisions from resurrecting it. */
    private void retract(Record<byte[], byte[]> record, String key) {
        IncidentState previous = incidents.get(key);
        if (previous == null || previous.retracted()) {
            metrics.reportRetracted(false);
            return;
        }
        incidents.put(key, new IncidentState(null, previous.revision(), true, previous.occurredAtMs()));
        metrics.reportRetracted(true);
        forward(record, new IncidentChange(key, previous.latest(), null, context.currentSystemTimeMs()),
                previous.occurredAtMs());
    }

    /** Forwards with the incident's event time as the record timestamp: downstream stream time is event time. */
    private void forward(Record<byte[], byte[]> record, IncidentChange change, long eventTime) {
        context.forward(new Record<>(record.key(), Intake.accepted(change), eventTime, new RecordHeaders()));
    }

    private void reject(Record<byte[], byte[]> record, RejectReason reason, String detail) {
        metrics.deadLettered(reason);
        Headers headers = DeadLetterHeaders.of(record.key(), record.value(), record.headers(), reason.code(), detail,
                context.recordMetadata());
        context.forward(new Record<>(DeadLetterBounds.key(record.key()),
                Intake.rejected(reason, DeadLetterBounds.value(record.value())), record.timestamp(), headers));
    }

    /**
     * Forgets incidents too old to matter: a report for them now would be late anyway (and so dead-lettered,
     * not silently dropped). Keeps the store bounded by the windows, not by history.
     */
    private void purgeExpiredIncidents() {
        Long watermark = watermarks.get(WATERMARK_KEY);
        if (watermark == null) {
            return;
        }
        long cutoff = watermark - incidentRetention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, IncidentState> it = incidents.all()) {
            while (it.hasNext()) {
                KeyValue<String, IncidentState> kv = it.next();
                if (kv.value.occurredAtMs() < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(incidents::delete);
    }
}
