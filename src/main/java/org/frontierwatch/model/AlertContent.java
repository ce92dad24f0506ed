package org.frontierwatch.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an alert message says, apart from its envelope ({@link Alert}): the rule (and {@code ruleVersion}, the
 * content hash of the rule that produced it, null for rules built in code) and its CAP classification, the area,
 * the window and its evidence, the sites and nationalities at risk, and the text. {@code incidentIds} and
 * {@code affectedSites} are bounded lists (see {@code AlertFactory}); {@code incidentIdsTotal} and
 * {@code affectedSitesTotal} say how many there were in all. {@code exposedWorkers} and {@code exposure} count the
 * foreign workers (a nationality other than their site's country) at all the sites the alert covers, listed or not.
 * {@code circles} are the areas a radius rule's alert covers (empty for other scopes); {@code sources} is how many
 * independent sources reported the episode's best-sourced incident. Built with {@link #builder()}, whose one setter per
 * component is most of this file's length.
 */
public record AlertContent(
        String ruleId,
        String ruleVersion,
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
        int foreignFatalities,
        int count,
        double metricValue,
        List<AffectedSite> affectedSites,
        int affectedSitesTotal,
        int exposedWorkers,
        List<ExposedNationality> exposure,
        List<Circle> circles,
        int sources,
        List<NationalityAtRisk> nationalities,
        String headline,
        String instruction) {

    public AlertContent {
        incidentIds = incidentIds == null ? List.of() : List.copyOf(incidentIds);
        affectedSites = affectedSites == null ? List.of() : List.copyOf(affectedSites);
        nationalities = nationalities == null ? List.of() : List.copyOf(nationalities);
        exposure = exposure == null ? List.of() : List.copyOf(exposure);
        circles = circles == null ? List.of() : List.copyOf(circles);
        group = group == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(group));
        // A total below the list's size means "not given" (e.g. an alert stored before the totals existed).
        incidentIdsTotal = Math.max(incidentIdsTotal, incidentIds.size());
        affectedSitesTotal = Math.max(affectedSitesTotal, affectedSites.size());
    }

    /** An empty builder; unset lists are empty and unset totals are the lists' sizes. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this content, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ruleId = ruleId;
        b.ruleVersion = ruleVersion;
        b.event = event;
        b.severity = severity;
        b.urgency = urgency;
        b.certainty = certainty;
        b.response = response;
        b.country = country;
        b.admin1 = admin1;
        b.district = district;
        b.districtId = districtId;
        b.group = group;
        b.windowStart = windowStart;
        b.windowEnd = windowEnd;
        b.incidentIds = incidentIds;
        b.incidentIdsTotal = incidentIdsTotal;
        b.fatalities = fatalities;
        b.foreignFatalities = foreignFatalities;
        b.count = count;
        b.metricValue = metricValue;
        b.affectedSites = affectedSites;
        b.affectedSitesTotal = affectedSitesTotal;
        b.exposedWorkers = exposedWorkers;
        b.exposure = exposure;
        b.circles = circles;
        b.sources = sources;
        b.nationalities = nationalities;
        b.headline = headline;
        b.instruction = instruction;
        return b;
    }

    /** True when {@code incidentIds} lists only the most recent part of the evidence. */
    public boolean incidentIdsTruncated() {
        return incidentIdsTotal > incidentIds.size();
    }

    /** True when {@code affectedSites} lists only some of the sites the alert concerns. */
    public boolean affectedSitesTruncated() {
        return affectedSitesTotal > affectedSites.size();
    }

    /**
     * "412 Chinese, 35 Russian workers at 4 sites": the foreign workers at the covered sites, by nationality (most
     * first), then how many sites; "no foreign workers on record at 2 sites" when there are none.
     */
    public String exposureSummary() {
        return exposureSummary(exposedWorkers, exposure, affectedSitesTotal);
    }

    /** {@link #exposureSummary()} of the given figures. */
    public static String exposureSummary(int workers, List<ExposedNationality> byNationality, int sites) {
        String where = " at " + sites + (sites == 1 ? " site" : " sites");
        if (byNationality.isEmpty()) {
            return "no foreign workers on record" + where;
        }
        StringBuilder b = new StringBuilder();
        for (ExposedNationality n : byNationality) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(n.workers()).append(' ').append(n.demonym() != null ? n.demonym() : n.code());
        }
        return b.append(workers == 1 ? " worker" : " workers").append(where).toString();
    }

    /** The foreign workers of one nationality at the sites an alert covers. */
    public record ExposedNationality(String code, String demonym, int workers) {
    }

    /**
     * A site the alert asks to act on, with its workforce by nationality and, for a radius rule's alert, its
     * distance in km from the nearest incident (rounded to 0.1 km; null otherwise).
     */
    public record AffectedSite(String siteId, String name, String operator, String districtId, String districtName,
                               Double latitude, Double longitude, Map<String, Integer> workers, Double distanceKm) {

        /** A site listed without a distance. */
        public AffectedSite(String siteId, String name, String operator, String districtId, String districtName,
                            Double latitude, Double longitude, Map<String, Integer> workers) {
            this(siteId, name, operator, districtId, districtName, latitude, longitude, workers, null);
        }
    }

    /** A circle a radius alert covers: an incident's place and the radius around it in km (CAP {@code circle}). */
    public record Circle(double latitude, double longitude, double radiusKm) {
    }

    /** A nationality at risk and where its citizens get consular help. */
    public record NationalityAtRisk(String code, String name, String embassyContact) {
    }

    /** Sets the components of an {@link AlertContent} by name. */
    public static final class Builder {
        private String ruleId;
        private String ruleVersion;
        private String event;
        private Severity severity;
        private Urgency urgency;
        private Certainty certainty;
        private ResponseType response;
        private String country;
        private String admin1;
        private String district;
        private String districtId;
        private Map<String, String> group;
        private Instant windowStart;
        private Instant windowEnd;
        private List<String> incidentIds;
        private int incidentIdsTotal;
        private int fatalities;
        private int foreignFatalities;
        private int count;
        private double metricValue;
        private List<AffectedSite> affectedSites;
        private int affectedSitesTotal;
        private int exposedWorkers;
        private List<ExposedNationality> exposure;
        private List<Circle> circles;
        private int sources;
        private List<NationalityAtRisk> nationalities;
        private String headline;
        private String instruction;

        private Builder() {
        }

        public Builder ruleId(String value) {
            this.ruleId = value;
            return this;
        }

        public Builder ruleVersion(String value) {
            this.ruleVersion = value;
            return this;
        }

        public Builder event(String value) {
            this.event = value;
            return this;
        }

        public Builder severity(Severity value) {
            this.severity = value;
            return this;
        }

        public Builder urgency(Urgency value) {
            this.urgency = value;
            return this;
        }

        public Builder certainty(Certainty value) {
            this.certainty = value;
            return this;
        }

        public Builder response(ResponseType value) {
            this.response = value;
            return this;
        }

        public Builder country(String value) {
            this.country = value;
            return this;
        }

        public Builder admin1(String value) {
            this.admin1 = value;
            return this;
        }

        public Builder district(String value) {
            this.district = value;
            return this;
        }

        public Builder districtId(String value) {
            this.districtId = value;
            return this;
        }

        public Builder group(Map<String, String> value) {
            this.group = value;
            return this;
        }

        public Builder windowStart(Instant value) {
            this.windowStart = value;
            return this;
        }

        public Builder windowEnd(Instant value) {
            this.windowEnd = value;
            return this;
        }

        public Builder incidentIds(List<String> value) {
            this.incidentIds = value;
            return this;
        }

        public Builder incidentIdsTotal(int value) {
            this.incidentIdsTotal = value;
            return this;
        }

        public Builder fatalities(int value) {
            this.fatalities = value;
            return this;
        }

        public Builder foreignFatalities(int value) {
            this.foreignFatalities = value;
            return this;
        }

        public Builder count(int value) {
            this.count = value;
            return this;
        }

        public Builder metricValue(double value) {
            this.metricValue = value;
            return this;
        }

        public Builder affectedSites(List<AffectedSite> value) {
            this.affectedSites = value;
            return this;
        }

        public Builder affectedSitesTotal(int value) {
            this.affectedSitesTotal = value;
            return this;
        }

        public Builder exposedWorkers(int value) {
            this.exposedWorkers = value;
            return this;
        }

        public Builder exposure(List<ExposedNationality> value) {
            this.exposure = value;
            return this;
        }

        public Builder circles(List<Circle> value) {
            this.circles = value;
            return this;
        }

        public Builder sources(int value) {
            this.sources = value;
            return this;
        }

        public Builder nationalities(List<NationalityAtRisk> value) {
            this.nationalities = value;
            return this;
        }

        public Builder headline(String value) {
            this.headline = value;
            return this;
        }

        public Builder instruction(String value) {
            this.instruction = value;
            return this;
        }

        public AlertContent build() {
            return new AlertContent(ruleId, ruleVersion, event, severity, urgency, certainty, response, country,
                    admin1, district, districtId, group, windowStart, windowEnd, incidentIds, incidentIdsTotal,
                    fatalities, foreignFatalities, count, metricValue, affectedSites, affectedSitesTotal,
                    exposedWorkers, exposure, circles, sources, nationalities, headline, instruction);
        }
    }
}
