package org.frontierwatch.rules;

import java.util.Set;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;

/**
 * Which incidents a rule looks at. Every condition that is set must hold; an empty set or null means "any".
 * {@code foreignVictims}: at least one victim nationality differs from the incident's country.
 */
public record Filter(Set<String> eventTypes, Set<String> subEventTypes, Set<String> countries,
                     Set<String> victimNationalities, Integer minFatalities, Boolean crossBorder,
                     Boolean foreignVictims) {

    public static final Filter ANY = new Filter(Set.of(), Set.of(), Set.of(), Set.of(), null, null, null);

    public Filter {
        eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
        subEventTypes = subEventTypes == null ? Set.of() : Set.copyOf(subEventTypes);
        countries = countries == null ? Set.of() : Set.copyOf(countries);
        victimNationalities = victimNationalities == null ? Set.of() : Set.copyOf(victimNationalities);
    }

    public boolean matches(Incident incident) {
        IncidentReport r = incident.report();
        if (!eventTypes.isEmpty() && !eventTypes.contains(r.eventType())) {
            return false;
        }
        if (!subEventTypes.isEmpty() && (r.subEventType() == null || !subEventTypes.contains(r.subEventType()))) {
            return false;
        }
        if (!countries.isEmpty() && !countries.contains(r.country())) {
            return false;
        }
        if (!victimNationalities.isEmpty()
                && r.victimNationalities().stream().noneMatch(victimNationalities::contains)) {
            return false;
        }
        if (minFatalities != null && r.fatalities() < minFatalities) {
            return false;
        }
        if (crossBorder != null && r.crossBorder() != crossBorder) {
            return false;
        }
        if (foreignVictims != null && hasForeignVictims(r) != foreignVictims) {
            return false;
        }
        return true;
    }

    static boolean hasForeignVictims(IncidentReport r) {
        return r.victimNationalities().stream().anyMatch(n -> !n.equals(r.country()));
    }
}
