package org.frontierwatch.model;

import java.time.Instant;
import java.util.List;

/**
 * A validated field report of one incident, as read from the {@code incident-reports} topic. Field names follow
 * ACLED's codebook where the concept is the same; see docs/data-formats.md.
 */
public record IncidentReport(
        String id,
        int revision,
        Instant occurredAt,
        Instant reportedAt,
        String eventType,
        String subEventType,
        String country,
        String admin1,
        String admin2,
        Double latitude,
        Double longitude,
        Integer geoPrecision,
        int fatalities,
        Integer injured,
        List<String> victimNationalities,
        String siteId,
        String originCountry,
        String originAdmin1,
        List<String> actors,
        String source,
        String notes) {

    public IncidentReport {
        victimNationalities = victimNationalities == null ? List.of() : List.copyOf(victimNationalities);
        actors = actors == null ? List.of() : List.copyOf(actors);
    }

    /**
     * This report without what no rule or alert reads (the narrative {@code notes}, {@code reported_at},
     * coordinates, geo-precision): what the incident store, the repartition topic and the rule-group state carry,
     * so that they do not grow with free text. The dead-letter topic keeps original bytes; nothing else needs them.
     */
    public IncidentReport forEvaluation() {
        return new IncidentReport(id, revision, occurredAt, null, eventType, subEventType, country, admin1, admin2,
                null,
                null, null, fatalities, injured, victimNationalities, siteId, originCountry, originAdmin1, actors,
                        source,
                null);
    }

    /** True when the attackers came from another country than the one the incident happened in. */
    public boolean crossBorder() {
        return originCountry != null && !originCountry.equals(country);
    }
}
