package org.frontierwatch.model;

import java.time.Instant;
import java.util.List;

/**
 * A report enriched with the gazetteer: the district it resolved to (or, when the gazetteer does not know the
 * name, a stable fallback key built from the raw name), the district's display name and admin1, and the ids of the
 * districts that list it as a neighbour ({@code neighbourOf}: whose neighbour windows count this incident), as the
 * gazetteer had them when the report arrived, so that a revision leaves the same groups it joined.
 */
public record Incident(
        IncidentReport report,
        String districtId,
        String districtName,
        String admin1,
        boolean districtKnown,
        boolean siteKnown,
        List<String> neighbourOf) {

    public Incident {
        neighbourOf = neighbourOf == null ? List.of() : List.copyOf(neighbourOf);
    }

    /** An incident whose district no district lists as a neighbour. */
    public Incident(IncidentReport report, String districtId, String districtName, String admin1,
                    boolean districtKnown, boolean siteKnown) {
        this(report, districtId, districtName, admin1, districtKnown, siteKnown, List.of());
    }

    public String id() {
        return report.id();
    }

    public Instant occurredAt() {
        return report.occurredAt();
    }
}
