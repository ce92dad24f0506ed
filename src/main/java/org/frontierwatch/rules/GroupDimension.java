package org.frontierwatch.rules;

import java.util.List;
import java.util.Locale;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.reference.Keys;

/**
 * A dimension windowed rules group incidents by. An incident yields one value per dimension, except the victim
 * nationality dimensions, which yield one value per (foreign) victim nationality, so an attack on Chinese and
 * Russian workers counts towards both nationalities' groups.
 */
public enum GroupDimension {
    INCIDENT, DISTRICT, ADMIN1, COUNTRY, SITE, VICTIM_NATIONALITY, FOREIGN_VICTIM_NATIONALITY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<String> values(Incident incident) {
        IncidentReport r = incident.report();
        return switch (this) {
            case INCIDENT -> List.of(r.id());
            case DISTRICT -> List.of(incident.districtId());
            case ADMIN1 -> List.of(r.country() + "~"
                    + Keys.slug(incident.admin1() == null ? "unknown" : incident.admin1()));
            case COUNTRY -> List.of(r.country());
            case SITE -> r.siteId() == null ? List.of() : List.of(r.siteId());
            case VICTIM_NATIONALITY -> r.victimNationalities();
            case FOREIGN_VICTIM_NATIONALITY -> r.victimNationalities().stream()
                    .filter(n -> !n.equals(r.country())).toList();
        };
    }
}
