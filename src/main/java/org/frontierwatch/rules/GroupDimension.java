package org.frontierwatch.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.reference.Keys;

/**
 * A dimension windowed rules group incidents by. An incident yields one value per dimension, except the victim
 * nationality dimensions, which yield one value per (foreign) victim nationality, so an attack on Chinese and
 * Russian workers counts towards both nationalities' groups, and {@code district_with_neighbours}, which yields the
 * incident's district and each district that lists it as a neighbour in the gazetteer: an attack across the river
 * counts in its own district's window and in the window of each district facing it.
 */
public enum GroupDimension {
    INCIDENT, DISTRICT, ADMIN1, COUNTRY, SITE, VICTIM_NATIONALITY, FOREIGN_VICTIM_NATIONALITY,
    DISTRICT_WITH_NEIGHBOURS;

    /** The group values' key: a neighbour window is a district's window, so its value is labelled {@code district}. */
    public String label() {
        return this == DISTRICT_WITH_NEIGHBOURS ? DISTRICT.label() : name().toLowerCase(Locale.ROOT);
    }

    public List<String> values(Incident incident) {
        IncidentReport r = incident.report();
        return switch (this) {
            case INCIDENT -> List.of(r.id());
            case DISTRICT -> List.of(incident.districtId());
            case DISTRICT_WITH_NEIGHBOURS -> withNeighbours(incident);
            case ADMIN1 -> List.of(r.country() + "~"
                    + Keys.slug(incident.admin1() == null ? "unknown" : incident.admin1()));
            case COUNTRY -> List.of(r.country());
            case SITE -> r.siteId() == null ? List.of() : List.of(r.siteId());
            case VICTIM_NATIONALITY -> r.victimNationalities();
            case FOREIGN_VICTIM_NATIONALITY -> r.victimNationalities().stream()
                    .filter(n -> !n.equals(r.country())).toList();
        };
    }

    private static List<String> withNeighbours(Incident incident) {
        List<String> out = new ArrayList<>(1 + incident.neighbourOf().size());
        out.add(incident.districtId());
        for (String n : incident.neighbourOf()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
