package org.frontierwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;

/** Hand-built incidents, levels and rules for unit tests of the rule engine and the alert lifecycle. */
public final class RuleFixtures {

    private RuleFixtures() {
    }

    /** A battle in Panj (tj-panj) at {@code at}. */
    public static Incident incident(String id, Instant at, int fatalities, String siteId) {
        return inPanj(Reports.report(id).at(at).fatalities(fatalities).site(siteId).build());
    }

    /** {@code report} enriched as an incident in Panj (tj-panj), Khatlon; its site counts as known if it names one. */
    public static Incident inPanj(IncidentReport report) {
        return new Incident(report, "tj-panj", "Panj", "Khatlon", true, report.siteId() != null);
    }

    public static Level level(double min, Severity severity) {
        return level(min, severity, ResponseType.Monitor);
    }

    public static Level level(double min, Severity severity, ResponseType response) {
        return new Level(min, severity, Urgency.Immediate, Certainty.Observed, response, null, null);
    }

    /** A windowed rule grouped by district, any incident, scope district. */
    public static Rule rule(MetricKind metric, String field, Duration window, Level... levels) {
        return new Rule("r", "e", RuleKind.WINDOWED, metric, field, window, List.of(GroupDimension.DISTRICT),
                Filter.ANY, List.of(levels), Scope.DISTRICT, "h", "i", Duration.ofDays(7), null);
    }

    /**
     * A windowed rule grouped by district with message templates, for tests of alert content: event "Security
     * alert", headline "{metric} in {district}", instruction "Review plans for {site_names}", 14 days to expiry.
     */
    public static Rule templatedRule(String id, MetricKind metric, String field, Duration window, Level... levels) {
        return new Rule(id, "Security alert", RuleKind.WINDOWED, metric, field, window,
                List.of(GroupDimension.DISTRICT),
                Filter.ANY, List.of(levels), Scope.DISTRICT, "{metric} in {district}", "Review plans for {site_names}",
                Duration.ofDays(14), null);
    }
}
