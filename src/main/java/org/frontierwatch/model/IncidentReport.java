package org.frontierwatch.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        String notes,
        List<String> sources,
        String sourceScale) {

    /** Most independent sources an incident keeps: far more than any level asks for (docs/rules.md). */
    public static final int MAX_SOURCES = 16;
    /** Longest source name kept for counting (a longer {@code source} text is cut; the original stays in the DLQ). */
    static final int MAX_SOURCE_NAME = 256;

    public IncidentReport {
        victimNationalities = victimNationalities == null ? List.of() : List.copyOf(victimNationalities);
        actors = actors == null ? List.of() : List.copyOf(actors);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A report without the corroboration fields ({@code sources}, {@code source_scale}). */
    public IncidentReport(String id, int revision, Instant occurredAt, Instant reportedAt, String eventType,
                          String subEventType, String country, String admin1, String admin2, Double latitude,
                          Double longitude, Integer geoPrecision, int fatalities, Integer injured,
                          List<String> victimNationalities, String siteId, String originCountry, String originAdmin1,
                          List<String> actors, String source, String notes) {
        this(id, revision, occurredAt, reportedAt, eventType, subEventType, country, admin1, admin2, latitude,
                longitude, geoPrecision, fatalities, injured, victimNationalities, siteId, originCountry,
                originAdmin1, actors, source, notes, List.of(), null);
    }

    /**
     * This report without what no rule or alert reads (the narrative {@code notes}, {@code reported_at}), its
     * sources reduced to its independent ones ({@link #independentSources}): what the incident store, the
     * repartition topic and the rule-group state carry, so that they do not grow with free text. The dead-letter
     * topic keeps original bytes; nothing else needs them.
     */
    public IncidentReport forEvaluation() {
        return new IncidentReport(id, revision, occurredAt, null, eventType, subEventType, country, admin1, admin2,
                latitude, longitude, geoPrecision, fatalities, injured, victimNationalities, siteId, originCountry,
                originAdmin1, actors, source, null, independentSources(List.of()), sourceScale);
    }

    /**
     * This report corroborated by an earlier revision of the same incident: its independent sources joined with
     * the earlier one's, and an official or observed source scale kept once any revision had one (a revision that
     * names other sources adds to the evidence; it does not make the earlier statements unsaid).
     */
    public IncidentReport corroboratedBy(IncidentReport earlier) {
        if (earlier == null) {
            return this;
        }
        String scale = firstHand() || !earlier.firstHand() ? sourceScale : earlier.sourceScale;
        return new IncidentReport(id, revision, occurredAt, reportedAt, eventType, subEventType, country, admin1,
                admin2, latitude, longitude, geoPrecision, fatalities, injured, victimNationalities, siteId,
                originCountry, originAdmin1, actors, source, notes, independentSources(earlier.sources), scale);
    }

    /** This report with {@code sources} and {@code sourceScale} as given (as stored state holds them). */
    public IncidentReport withSources(List<String> independent, String scale) {
        return new IncidentReport(id, revision, occurredAt, reportedAt, eventType, subEventType, country, admin1,
                admin2, latitude, longitude, geoPrecision, fatalities, injured, victimNationalities, siteId,
                originCountry, originAdmin1, actors, source, notes, independent, scale);
    }

    /**
     * The distinct sources of this report (each of {@code sources}, or, when it lists none, {@code source} as one),
     * compared ignoring case and surrounding blanks, after {@code earlier}'s, at most {@link #MAX_SOURCES}.
     */
    private List<String> independentSources(List<String> earlier) {
        Map<String, String> byName = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(earlier);
        if (sources.isEmpty() && source != null) {
            all.add(source);
        }
        all.addAll(sources);
        for (String s : all) {
            if (s != null && !s.isBlank() && byName.size() < MAX_SOURCES) {
                String name = s.strip();
                name = name.length() > MAX_SOURCE_NAME ? name.substring(0, MAX_SOURCE_NAME) : name;
                byName.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * True when the report comes first-hand: {@code source_scale} {@code official} (a statement of the authorities
     * of the place) or {@code observed} (seen by the reporting organisation's own people). CAP certainty
     * {@code Observed} follows from it.
     */
    public boolean firstHand() {
        return sourceScale != null
                && (sourceScale.equalsIgnoreCase("official") || sourceScale.equalsIgnoreCase("observed"));
    }

    /** True when the attackers came from another country than the one the incident happened in. */
    public boolean crossBorder() {
        return originCountry != null && !originCountry.equals(country);
    }
}
