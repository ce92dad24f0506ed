package org.frontierwatch.model;

import java.time.Instant;

/**
 * A report enriched with the gazetteer: the district it resolved to (or, when the gazetteer does not know the
 * name, a stable fallback key built from the raw name) and the district's display name and admin1.
 */
public record Incident(
        IncidentReport report,
        String districtId,
        String districtName,
        String admin1,
        boolean districtKnown,
        boolean siteKnown) {

    public String id() {
        return report.id();
    }

    public Instant occurredAt() {
        return report.occurredAt();
    }
}
