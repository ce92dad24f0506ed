package org.frontierwatch.testing;

import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.IncidentReport;

/**
 * Builds test {@link IncidentReport}s by name instead of by position. Unless set: revision 1, a battle in Panj,
 * Tajikistan, at {@link #T0}, no casualties, no site, no victims, no actors, nothing else.
 * <pre>{@code Reports.report("inc-1").admin2("Darvoz").fatalities(2).at(t).build()}</pre>
 */
public final class Reports {

    /** The default event time. */
    public static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");

    private Reports() {
    }

    public static Builder report(String id) {
        return new Builder(id);
    }

    /** A report's fields, each settable once or many times; {@link #build()} makes the record. */
    public static final class Builder {
        private final String id;
        private int revision = 1;
        private Instant occurredAt = T0;
        private Instant reportedAt;
        private String eventType = "Battles";
        private String subEventType;
        private String country = "TJ";
        private String admin1;
        private String admin2 = "Panj";
        private Double latitude;
        private Double longitude;
        private Integer geoPrecision;
        private int fatalities;
        private Integer injured;
        private List<String> victimNationalities = List.of();
        private String siteId;
        private String originCountry;
        private String originAdmin1;
        private List<String> actors = List.of();
        private String source;
        private String notes;
        private List<String> sources = List.of();
        private String sourceScale;

        private Builder(String id) {
            this.id = id;
        }

        public Builder revision(int revision) {
            this.revision = revision;
            return this;
        }

        /** When it happened ({@code occurred_at}). */
        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder reportedAt(Instant reportedAt) {
            this.reportedAt = reportedAt;
            return this;
        }

        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        public Builder subEventType(String subEventType) {
            this.subEventType = subEventType;
            return this;
        }

        public Builder country(String country) {
            this.country = country;
            return this;
        }

        public Builder admin1(String admin1) {
            this.admin1 = admin1;
            return this;
        }

        public Builder admin2(String admin2) {
            this.admin2 = admin2;
            return this;
        }

        public Builder coordinates(Double latitude, Double longitude) {
            this.latitude = latitude;
            this.longitude = longitude;
            return this;
        }

        public Builder geoPrecision(Integer geoPrecision) {
            this.geoPrecision = geoPrecision;
            return this;
        }

        public Builder fatalities(int fatalities) {
            this.fatalities = fatalities;
            return this;
        }

        public Builder injured(Integer injured) {
            this.injured = injured;
            return this;
        }

        public Builder victims(String... nationalities) {
            return victims(List.of(nationalities));
        }

        public Builder victims(List<String> nationalities) {
            this.victimNationalities = nationalities;
            return this;
        }

        public Builder site(String siteId) {
            this.siteId = siteId;
            return this;
        }

        public Builder origin(String country) {
            this.originCountry = country;
            return this;
        }

        public Builder originAdmin1(String originAdmin1) {
            this.originAdmin1 = originAdmin1;
            return this;
        }

        public Builder actors(List<String> actors) {
            this.actors = actors;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder sources(String... names) {
            this.sources = List.of(names);
            return this;
        }

        public Builder sourceScale(String scale) {
            this.sourceScale = scale;
            return this;
        }

        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        public IncidentReport build() {
            return new IncidentReport(id, revision, occurredAt, reportedAt, eventType, subEventType, country, admin1,
                    admin2, latitude, longitude, geoPrecision, fatalities, injured, victimNationalities, siteId,
                    originCountry, originAdmin1, actors, source, notes, sources, sourceScale);
        }
    }
}
