package org.frontierwatch.state;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.rules.MetricFields;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.Scope;

/**
 * One incident as one rule group keeps it: only what the rule's metric and the alert's content read (time and id,
 * the metric's contribution, fatalities, place, attackers' origin, victims, site), plus two facts about the
 * sliding window this incident closes: its measured value and, when it fires, the highest value any firing window
 * of its episode has reached up to here ({@code prefixMax}); for {@code scope: radius} rules, where it reaches
 * ({@code reach}: {@link #reachOf}); its independent sources and whether one was first-hand. Small and of bounded
 * size whatever the group holds.
 */
public record IncidentEntry(
        EntryKey key,
        double metricNumber,
        List<String> metricValues,
        int fatalities,
        String country,
        String districtId,
        String districtName,
        String admin1,
        String origin,
        List<String> victims,
        String siteId,
        double windowValue,
        double prefixMax,
        String reach,
        int sources,
        boolean firstHand) {

    public IncidentEntry {
        metricValues = metricValues == null ? List.of() : List.copyOf(metricValues);
        victims = victims == null ? List.of() : List.copyOf(victims);
    }

    /** The entry {@code rule} keeps for {@code incident}, its window not yet measured. */
    public static IncidentEntry of(Rule rule, Incident incident) {
        IncidentReport r = incident.report();
        double number = rule.metric() == MetricKind.SUM ? MetricFields.number(rule.field(), incident) : 0;
        List<String> values = rule.metric() == MetricKind.DISTINCT_COUNT
                ? MetricFields.values(rule.field(), incident) : List.of();
        return new IncidentEntry(EntryKey.of(r.occurredAt(), r.id()), number, values, r.fatalities(), r.country(),
                incident.districtId(), incident.districtName(), incident.admin1(),
                r.crossBorder() ? r.originCountry() : null, r.victimNationalities(), r.siteId(), 0, 0,
                rule.scope() == Scope.RADIUS ? reachOf(incident) : null, r.sources().size(), r.firstHand());
    }

    /** A reach naming a district ({@code d:} and its id) rather than a point. */
    public static final String DISTRICT_REACH = "d:";

    /**
     * Where a radius alert's circle around this incident is centred: {@code "lat,lon,precision"} (four decimals,
     * about 11 m) when the report has coordinates and a geo-precision of 1 or 2 (none given counts as 1), else
     * {@code "d:"} and its district id: a place known only as a region covers its district's sites.
     */
    public static String reachOf(Incident incident) {
        IncidentReport r = incident.report();
        Integer precision = r.geoPrecision() == null ? Integer.valueOf(1) : r.geoPrecision();
        if (r.latitude() == null || r.longitude() == null || precision >= 3) {
            return DISTRICT_REACH + incident.districtId();
        }
        return String.format(Locale.ROOT, "%.4f,%.4f,%d", r.latitude(), r.longitude(), precision);
    }

    public long time() {
        return key.time();
    }

    public String id() {
        return key.id();
    }

    public IncidentEntry withWindow(double value, double max) {
        return value == windowValue && max == prefixMax ? this : new IncidentEntry(key, metricNumber, metricValues,
                fatalities, country, districtId, districtName, admin1, origin, victims, siteId, value, max, reach,
                sources, firstHand);
    }

    /** The same incident facts (window figures aside). */
    public boolean sameFacts(IncidentEntry o) {
        return key.equals(o.key) && metricNumber == o.metricNumber && metricValues.equals(o.metricValues)
                && fatalities == o.fatalities && Objects.equals(country, o.country)
                && Objects.equals(districtId, o.districtId)
                && Objects.equals(districtName, o.districtName)
                && Objects.equals(admin1, o.admin1) && Objects.equals(origin, o.origin)
                && victims.equals(o.victims) && Objects.equals(siteId, o.siteId) && Objects.equals(reach, o.reach)
                && sources == o.sources && firstHand == o.firstHand;
    }
}
