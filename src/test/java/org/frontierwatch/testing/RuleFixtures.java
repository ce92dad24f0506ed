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
        IncidentReport r = new IncidentReport(id, 1, at, null, "Battles", null, "TJ", null, "Panj", null, null, null,
                fatalities, null, List.of(), siteId, null, null, List.of(), null, null);
        return new Incident(r, "tj-panj", "Panj", "Khatlon", true, siteId != null);
    }

    public static Level level(double min, Severity severity) {
        return new Level(min, severity, Urgency.Immediate, Certainty.Observed, ResponseType.Monitor, null, null);
    }

    /** A windowed rule grouped by district, any incident, scope district. */
    public static Rule rule(MetricKind metric, String field, Duration window, Level... levels) {
        return new Rule("r", "e", RuleKind.WINDOWED, metric, field, window, List.of(GroupDimension.DISTRICT),
                Filter.ANY, List.of(levels), Scope.DISTRICT, "h", "i", Duration.ofDays(7));
    }
}
