package org.frontierwatch.rules;

import java.util.List;
import java.util.Set;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;

/** The report fields a rule may sum or count distinct values of, and how to read them. */
public final class MetricFields {

    public static final Set<String> SUMMABLE = Set.of("fatalities", "injured");
    public static final Set<String> DISTINCTABLE = Set.of("site_id", "district", "admin1", "actors",
            "victim_nationalities", "event_type", "sub_event_type", "source", "origin_country");

    private MetricFields() {
    }

    public static double number(String field, Incident incident) {
        IncidentReport r = incident.report();
        return switch (field) {
            case "fatalities" -> r.fatalities();
            case "injured" -> r.injured() == null ? 0 : r.injured();
            default -> throw new IllegalArgumentException("not a summable field: " + field);
        };
    }

    public static List<String> values(String field, Incident incident) {
        IncidentReport r = incident.report();
        return switch (field) {
            case "site_id" -> single(r.siteId());
            case "district" -> single(incident.districtId());
            case "admin1" -> single(incident.admin1());
            case "actors" -> r.actors();
            case "victim_nationalities" -> r.victimNationalities();
            case "event_type" -> single(r.eventType());
            case "sub_event_type" -> single(r.subEventType());
            case "source" -> single(r.source());
            case "origin_country" -> single(r.originCountry());
            default -> throw new IllegalArgumentException("not a distinct-countable field: " + field);
        };
    }

    private static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
