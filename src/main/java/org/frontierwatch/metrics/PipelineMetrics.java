package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.frontierwatch.model.Alert;
import org.frontierwatch.validation.RejectReason;

/**
 * Frontier Watch's domain metrics, recorded by the topology's processors into a Micrometer registry: reports by
 * outcome, dead letters by reason, enrichment misses by table, reference records rejected, alerts published.
 * Labels are bounded: reasons and tables are closed sets, rules come from the rules file.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> activeAlertsByTask = new ConcurrentHashMap<>();
    private final Map<String, Long> watermarkByTask = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> largestStateValue = new ConcurrentHashMap<>();
    private final Timer alertLatency;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("frontierwatch.alerts.active", activeAlertsByTask,
                        m -> m.values().stream().mapToLong(AtomicLong::get).sum())
                .description("Open alerts (raised or updated, not cancelled, not expired)").register(registry);
        Gauge.builder("frontierwatch.event.time.lag.seconds", watermarkByTask, PipelineMetrics::lagSeconds)
                .description("Wall clock minus the newest accepted occurred_at").register(registry);
        alertLatency = Timer.builder("frontierwatch.alert.latency")
                .description("From a report's arrival at the intake to the alert it caused")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private static double lagSeconds(Map<String, Long> watermarks) {
        return watermarks.values().stream().mapToLong(Long::longValue).max()
                .stream().mapToDouble(w -> (System.currentTimeMillis() - w) / 1000.0).findFirst().orElse(Double.NaN);
    }

    /** Open alerts held by one task (its rule-group store), set on start and after each change. */
    public void activeAlerts(String taskId, long count) {
        activeAlertsByTask.computeIfAbsent(taskId, t -> new AtomicLong()).set(count);
    }

    public void addActiveAlerts(String taskId, long delta) {
        activeAlertsByTask.computeIfAbsent(taskId, t -> new AtomicLong()).addAndGet(delta);
    }

    public void eventTimeWatermark(String taskId, long occurredAtMs) {
        watermarkByTask.merge(taskId, occurredAtMs, Math::max);
    }

    public void alertLatency(Duration latency) {
        alertLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** Metrics recorded into a private registry nobody reads; for tools that run the topology without export. */
    public static PipelineMetrics detached() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void reportReceived() {
        counter("frontierwatch.reports.received", "Reports read from the reports topic");
    }

    public void reportAccepted(boolean revision) {
        counter("frontierwatch.reports.accepted", "Reports accepted (new incidents and higher revisions)", "kind", revision ? "revision" : "new");
    }

    public void reportDuplicate() {
        counter("frontierwatch.reports.duplicate", "Reports whose revision was already seen; they change nothing");
    }

    public void reportRetracted(boolean known) {
        counter("frontierwatch.reports.retracted", "Tombstones on the reports topic", "known", Boolean.toString(known));
    }

    public void deadLettered(RejectReason reason) {
        counter("frontierwatch.reports.dead.lettered", "Reports sent to the dead-letter topic, by reason", "reason", reason.code());
    }

    /** A lookup that found nothing: table is {@code sites}, {@code districts} or {@code nationalities}. */
    public void enrichmentMiss(String table) {
        counter("frontierwatch.enrichment.misses", "Lookups in a reference table that found nothing", "table", table);
    }

    public void referenceRejected(String table, String reason) {
        counter("frontierwatch.reference.rejected", "Reference records rejected (not stored, dead-lettered)", "table", table, "reason", reason);
    }

    /** Records replayed from a changelog (or a global store's topic) into a state store. */
    public void stateRestored(String store, long records) {
        Counter.builder("frontierwatch.state.restored.records").description("Records restored into state stores from changelogs")
                .tags("store", store).register(registry).increment(records);
    }

    /** A stream thread died and was replaced (see the runner's uncaught-exception policy). */
    public void streamThreadReplaced() {
        counter("frontierwatch.stream.thread.replacements", "Stream threads that died and were replaced");
    }

    /** A rejected reference record that could not be written to the dead-letter topic. */
    public void referenceDeadLetterFailed() {
        counter("frontierwatch.reference.dead.letter.failures", "Rejected reference records the dead-letter topic did not take");
    }

    public void alertPublished(Alert alert) {
        counter("frontierwatch.alerts.published", "Alert messages published, by rule, severity, response and type",
                "rule", alert.ruleId(), "severity", alert.severity().name(), "response", alert.response().name(),
                "msg_type", alert.msgType().name());
    }

    /** A rule-group state value of {@code bytes} was written; the largest per kind is a gauge. */
    public void stateValueWritten(String kind, int bytes) {
        AtomicLong max = largestStateValue.get(kind);
        if (max == null) {
            max = largestStateValue.computeIfAbsent(kind, k -> {
                AtomicLong m = new AtomicLong();
                Gauge.builder("frontierwatch.state.value.max.bytes", m, AtomicLong::get)
                        .description("Largest rule-group state value written since start, by kind").tags("kind", k)
                        .baseUnit("bytes").register(registry);
                return m;
            });
        }
        if (bytes > max.get()) {
            max.accumulateAndGet(bytes, Math::max);
        }
    }

    /** A state value over the bound (a bug the layout should make impossible); logged with its group. */
    public void stateValueOversized(String kind) {
        counter("frontierwatch.state.oversized.values", "Rule-group state values over 256 KiB (a bug), by kind",
                "kind", kind);
    }

    /** An alert built from an episode whose distinct districts, sites or nationalities passed the tracked bound. */
    public void episodeTallyOverflow() {
        counter("frontierwatch.episode.tally.overflows",
                "Alerts built from an episode naming more distinct values of a dimension than it keeps");
    }

    public void changeForUnknownRule() {
        counter("frontierwatch.rules.unknown.rule.changes", "Changes for rules no longer configured, skipped");
    }

    private void counter(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }

    /** Current value of a counter, or 0 when it was never incremented; for tests and the demo. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
