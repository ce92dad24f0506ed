package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Counter;
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

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics recorded into a private registry nobody reads; for tools that run the topology without export. */
    public static PipelineMetrics detached() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void reportReceived() {
        registry.counter("frontierwatch.reports.received").increment();
    }

    public void reportAccepted(boolean revision) {
        registry.counter("frontierwatch.reports.accepted", "kind", revision ? "revision" : "new").increment();
    }

    public void reportDuplicate() {
        registry.counter("frontierwatch.reports.duplicate").increment();
    }

    public void reportRetracted(boolean known) {
        registry.counter("frontierwatch.reports.retracted", "known", Boolean.toString(known)).increment();
    }

    public void deadLettered(RejectReason reason) {
        registry.counter("frontierwatch.reports.dead.lettered", "reason", reason.code()).increment();
    }

    /** A lookup that found nothing: table is {@code sites}, {@code districts} or {@code nationalities}. */
    public void enrichmentMiss(String table) {
        registry.counter("frontierwatch.enrichment.misses", "table", table).increment();
    }

    public void referenceRejected(String table, String reason) {
        registry.counter("frontierwatch.reference.rejected", "table", table, "reason", reason).increment();
    }

    public void alertPublished(Alert alert) {
        registry.counter("frontierwatch.alerts.published", "rule", alert.ruleId(),
                "severity", alert.severity().name(), "response", alert.response().name(),
                "msg_type", alert.msgType().name()).increment();
    }

    public void changeForUnknownRule() {
        registry.counter("frontierwatch.rules.unknown.rule.changes").increment();
    }

    /** Current value of a counter, or 0 when it was never incremented; for tests and the demo. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
