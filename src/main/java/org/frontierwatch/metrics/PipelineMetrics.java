package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.validation.RejectReason;

/**
 * Frontier Watch's domain metrics, recorded by the topology's processors into a Micrometer registry: reports by
 * outcome, dead letters by reason, enrichment misses by table, reference records rejected, alerts published.
 * Labels are bounded: reasons and tables are closed sets, rules come from the rules file. Its length is one
 * method per documented metric (docs/metrics.md), each with its help text.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> activeAlertsByTask = new ConcurrentHashMap<>();
    private final Map<String, Long> watermarkByTask = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> largestStateValue = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> pendingByRule = new ConcurrentHashMap<>();
    private final Timer alertLatency;
    /** The {@code frontierwatch.rule.info} series, by rule id and version. */
    private final Map<String, Gauge> ruleInfo = new ConcurrentHashMap<>();

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

    /** The lookup tables an enrichment can miss in (the {@code table} label of {@link #enrichmentMiss}). */
    public static final List<String> ENRICHMENT_TABLES = List.of("sites", "districts", "nationalities");

    /**
     * Creates every counter the dashboard reads, at 0, for each label value known before any event: each dead-letter
     * reason, enrichment table, report kind, and each message type of each rule at each of its levels' severity and
     * response (a Cancel carries the level's severity and {@code AllClear}). A labelled counter that only appears with
     * its first event leaves panels empty and breaks {@code rate()} over its first increment (Prometheus'
     * instrumentation guidelines: avoid missing metrics). Safe to call again.
     */
    public void registerKnownLabels(List<Rule> rules) {
        receivedCounter();
        duplicateCounter();
        for (boolean flag : new boolean[] {false, true}) {
            acceptedCounter(flag);
            retractedCounter(flag);
        }
        for (RejectReason reason : RejectReason.values()) {
            deadLetteredCounter(reason);
        }
        for (String table : ENRICHMENT_TABLES) {
            enrichmentMissCounter(table);
        }
        threadReplacementsCounter();
        referenceDeadLetterFailuresCounter();
        tallyOverflowsCounter();
        unknownRuleChangesCounter();
        for (Rule rule : rules) {
            for (Level level : rule.levels()) {
                publishedCounter(rule.id(), level.severity().name(), level.response().name(), MsgType.Alert);
                publishedCounter(rule.id(), level.severity().name(), level.response().name(), MsgType.Update);
                publishedCounter(rule.id(), level.severity().name(), ResponseType.AllClear.name(), MsgType.Cancel);
                // the closing AllClear of an ended episode: an Update with the peak level's severity
                publishedCounter(rule.id(), level.severity().name(), ResponseType.AllClear.name(), MsgType.Update);
            }
            coalescedCounter(rule.id());
            pendingAlerts(rule.id());
            for (String cause : REEVALUATION_CAUSES) {
                reevaluationCounter(rule.id(), cause);
            }
        }
        rulesInForce(rules);
    }

    /** Why the evaluator re-evaluated (or retired) a rule's groups: the {@code cause} label of {@link #reevaluated}. */
    public static final List<String> REEVALUATION_CAUSES = List.of("rule_changed", "rule_restructured",
            "rule_deleted", "reference_changed");

    /**
     * The info metric {@code frontierwatch_rule_info{rule,version} 1}: which version of each rule this instance runs
     * (the alerts it sends name it too). Set again at every change of the rules in force; a rule taken out of force
     * or replaced loses its series.
     */
    public synchronized void rulesInForce(List<Rule> rules) {
        Map<String, Gauge> next = new ConcurrentHashMap<>();
        for (Rule rule : rules) {
            String version = rule.version() == null ? "none" : rule.version();
            String id = rule.id() + "@" + version;
            Gauge g = ruleInfo.remove(id);
            next.put(id, g != null ? g : Gauge.builder("frontierwatch.rule.info", () -> 1)
                    .tags("rule", rule.id(), "version", version)
                    .description("the rules in force on this instance, by id and version (value 1)")
                    .register(registry));
        }
        ruleInfo.values().forEach(registry::remove);
        ruleInfo.clear();
        ruleInfo.putAll(next);
    }

    /** A record of the rules topic was refused (not one valid rule under its own id): nothing changed. */
    public void ruleRejected(String reason) {
        counter("frontierwatch.rules.rejected", "Records of the rules topic refused (dead-lettered; the version in "
                + "force stays)", "reason", reason).increment();
    }

    /** The groups of {@code rule} held by one task were re-evaluated (or retired) after a change of the rule. */
    public void reevaluated(String rule, String cause, int groups) {
        reevaluationCounter(rule, cause).increment(groups);
    }

    private Counter reevaluationCounter(String rule, String cause) {
        return counter("frontierwatch.rules.reevaluated.groups", "Rule groups re-evaluated after a rule change, by "
                + "cause", "rule", rule, "cause", cause);
    }

    /** A count-only change of an alert of {@code rule} was held back, to go out with the next Update. */
    public void changeCoalesced(String rule, int changes) {
        if (changes > 0) {
            coalescedCounter(rule).increment(changes);
        }
    }

    private Counter coalescedCounter(String rule) {
        return counter("frontierwatch.alert.changes.coalesced",
                "Count-only alert changes held back to go out with a later Update (alert cadence), by rule",
                "rule", rule);
    }

    /** Alerts of {@code rule} with a held change, in one task's state; set on start and moved by each change. */
    public void pendingAlerts(String taskId, String rule, long count) {
        pendingAlerts(rule).computeIfAbsent(taskId, t -> new AtomicLong()).set(count);
    }

    public void addPendingAlerts(String taskId, String rule, long delta) {
        if (delta != 0) {
            pendingAlerts(rule).computeIfAbsent(taskId, t -> new AtomicLong()).addAndGet(delta);
        }
    }

    private Map<String, AtomicLong> pendingAlerts(String rule) {
        return pendingByRule.computeIfAbsent(rule, r -> {
            Map<String, AtomicLong> byTask = new ConcurrentHashMap<>();
            Gauge.builder("frontierwatch.alerts.pending", byTask,
                            m -> m.values().stream().mapToLong(AtomicLong::get).sum())
                    .description("Open alerts with a count-only change held back until their next Update, by rule")
                    .tags("rule", r).register(registry);
            return byTask;
        });
    }

    public void reportReceived() {
        receivedCounter().increment();
    }

    private Counter receivedCounter() {
        return counter("frontierwatch.reports.received", "Reports read from the reports topic");
    }

    public void reportAccepted(boolean revision) {
        acceptedCounter(revision).increment();
    }

    private Counter acceptedCounter(boolean revision) {
        return counter("frontierwatch.reports.accepted", "Reports accepted (new incidents and higher revisions)",
                "kind", revision ? "revision" : "new");
    }

    public void reportDuplicate() {
        duplicateCounter().increment();
    }

    private Counter duplicateCounter() {
        return counter("frontierwatch.reports.duplicate",
                "Reports whose revision was already seen; they change nothing");
    }

    public void reportRetracted(boolean known) {
        retractedCounter(known).increment();
    }

    private Counter retractedCounter(boolean known) {
        return counter("frontierwatch.reports.retracted", "Tombstones on the reports topic", "known",
                Boolean.toString(known));
    }

    public void deadLettered(RejectReason reason) {
        deadLetteredCounter(reason).increment();
    }

    private Counter deadLetteredCounter(RejectReason reason) {
        return counter("frontierwatch.reports.dead.lettered", "Reports sent to the dead-letter topic, by reason",
                "reason", reason.code());
    }

    /** A lookup that found nothing: table is {@code sites}, {@code districts} or {@code nationalities}. */
    public void enrichmentMiss(String table) {
        enrichmentMissCounter(table).increment();
    }

    private Counter enrichmentMissCounter(String table) {
        return counter("frontierwatch.enrichment.misses", "Lookups in a reference table that found nothing", "table",
                table);
    }

    public void referenceRejected(String table, String reason) {
        counter("frontierwatch.reference.rejected", "Reference records rejected (not stored, dead-lettered)", "table",
                table, "reason", reason).increment();
    }

    /** Records replayed from a changelog (or a global store's topic) into a state store. */
    public void stateRestored(String store, long records) {
        Counter.builder("frontierwatch.state.restored.records").description(
                "Records restored into state stores from changelogs")
                .tags("store", store).register(registry).increment(records);
    }

    /** Records read from a changelog into a standby replica of a state store. */
    public void standbyUpdated(String store, long records) {
        Counter.builder("frontierwatch.standby.updated.records").description(
                "Records read from changelogs into standby replicas of state stores")
                .tags("store", store).register(registry).increment(records);
    }

    /** A stream thread died and was replaced (see the runner's uncaught-exception policy). */
    public void streamThreadReplaced() {
        threadReplacementsCounter().increment();
    }

    private Counter threadReplacementsCounter() {
        return counter("frontierwatch.stream.thread.replacements", "Stream threads that died and were replaced");
    }

    /** A rejected reference record that could not be written to the dead-letter topic. */
    public void referenceDeadLetterFailed() {
        referenceDeadLetterFailuresCounter().increment();
    }

    private Counter referenceDeadLetterFailuresCounter() {
        return counter("frontierwatch.reference.dead.letter.failures",
                "Rejected reference records the dead-letter topic did not take");
    }

    public void alertPublished(Alert alert) {
        AlertContent content = alert.content();
        publishedCounter(content.ruleId(), content.severity().name(), content.response().name(), alert.msgType())
                .increment();
    }

    private Counter publishedCounter(String rule, String severity, String response, MsgType msgType) {
        return counter("frontierwatch.alerts.published",
                "Alert messages published, by rule, severity, response and type",
                "rule", rule, "severity", severity, "response", response, "msg_type", msgType.name());
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
                "kind", kind).increment();
    }

    /** An alert built from an episode whose distinct districts, sites or nationalities passed the tracked bound. */
    public void episodeTallyOverflow() {
        tallyOverflowsCounter().increment();
    }

    private Counter tallyOverflowsCounter() {
        return counter("frontierwatch.episode.tally.overflows",
                "Alerts built from an episode naming more distinct values of a dimension than it keeps");
    }

    public void changeForUnknownRule() {
        unknownRuleChangesCounter().increment();
    }

    private Counter unknownRuleChangesCounter() {
        return counter("frontierwatch.rules.unknown.rule.changes", "Changes for rules no longer configured, skipped");
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Current value of a gauge, or NaN when it is not registered; for tests. */
    public double gauge(String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /** Current value of a counter, or 0 when it was never incremented; for tests and the demo. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
