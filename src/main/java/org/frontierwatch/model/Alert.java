package org.frontierwatch.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert message as published on the {@code alerts} topic (and rendered as CAP 1.2 on {@code alerts-cap}).
 * {@code key} names the subject (rule, group, episode) and is stable across Alert, Update and Cancel;
 * {@code alertId} is unique per message. {@code incidentIds} and {@code affectedSites} are bounded lists (see
 * {@code AlertFactory}); {@code incidentIdsTotal} and {@code affectedSitesTotal} say how many there were in all.
 */
public record Alert(
        String key,
        String alertId,
        MsgType msgType,
        List<AlertReference> references,
        String ruleId,
        String event,
        Severity severity,
        Urgency urgency,
        Certainty certainty,
        ResponseType response,
        String country,
        String admin1,
        String district,
        String districtId,
        Map<String, String> group,
        Instant windowStart,
        Instant windowEnd,
        List<String> incidentIds,
        int incidentIdsTotal,
        int fatalities,
        int count,
        double metricValue,
        List<AffectedSite> affectedSites,
        int affectedSitesTotal,
        List<NationalityAtRisk> nationalities,
        String headline,
        String instruction,
        Instant sent,
        Instant expires) {

    public Alert {
        references = references == null ? List.of() : List.copyOf(references);
        incidentIds = incidentIds == null ? List.of() : List.copyOf(incidentIds);
        affectedSites = affectedSites == null ? List.of() : List.copyOf(affectedSites);
        nationalities = nationalities == null ? List.of() : List.copyOf(nationalities);
        group = group == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
        // A total below the list's size means "not given" (e.g. an alert stored before the totals existed).
        incidentIdsTotal = Math.max(incidentIdsTotal, incidentIds.size());
        affectedSitesTotal = Math.max(affectedSitesTotal, affectedSites.size());
    }

    /** An alert whose lists are complete: the totals are their sizes. */
    public Alert(String key, String alertId, MsgType msgType, List<AlertReference> references, String ruleId,
                 String event, Severity severity, Urgency urgency, Certainty certainty, ResponseType response,
                 String country, String admin1, String district, String districtId, Map<String, String> group,
                 Instant windowStart, Instant windowEnd, List<String> incidentIds, int fatalities, int count,
                 double metricValue, List<AffectedSite> affectedSites, List<NationalityAtRisk> nationalities,
                 String headline, String instruction, Instant sent, Instant expires) {
        this(key, alertId, msgType, references, ruleId, event, severity, urgency, certainty, response, country,
                admin1, district, districtId, group, windowStart, windowEnd, incidentIds, 0, fatalities, count,
                metricValue, affectedSites, 0, nationalities, headline, instruction, sent, expires);
    }

    /** True when {@code incidentIds} lists only the most recent part of the evidence. */
    public boolean incidentIdsTruncated() {
        return incidentIdsTotal > incidentIds.size();
    }

    /** True when {@code affectedSites} lists only some of the sites the alert concerns. */
    public boolean affectedSitesTruncated() {
        return affectedSitesTotal > affectedSites.size();
    }

    /** An earlier message of the same subject that this one updates or cancels. */
    public record AlertReference(String alertId, Instant sent) {
    }

    /** A site the alert asks to act on, with its workforce by nationality. */
    public record AffectedSite(String siteId, String name, String operator, String districtId, String districtName,
                               Double latitude, Double longitude, Map<String, Integer> workers) {
    }

    /** A nationality at risk and where its citizens get consular help. */
    public record NationalityAtRisk(String code, String name, String embassyContact) {
    }
}
