package org.frontierwatch.state;

import java.util.List;

/**
 * One episode of a rule group (firing windows that share incidents, merged) as a fixed-size summary of its
 * evidence: bounds, level and highest measured value, totals (fatalities, and those of incidents with foreign victims),
 * the first incident's place, tallies of the
 * dimensions alert content reads, the keys of its most recent {@link #RECENT_IDS} incidents, where its incidents
 * reach ({@code reach}, radius rules only: see {@code IncidentEntry.reachOf}) and how they are sourced
 * ({@code corroboration}: each incident's independent source count, then {@link #FIRST_HAND} if one was). It never
 * holds the evidence itself, so it does not grow with the number of incidents in the episode.
 */
public record EpisodeSummary(
        EntryKey start,
        EntryKey end,
        int level,
        double maxValue,
        long count,
        long fatalities,
        long foreignFatalities,
        String firstCountry,
        String firstDistrictId,
        String firstDistrictName,
        Tally districtIds,
        Tally districtNames,
        Tally admin1s,
        Tally origins,
        Tally victims,
        Tally foreignVictims,
        Tally sites,
        Tally countries,
        List<EntryKey> recent,
        Tally reach,
        Tally corroboration) {

    /** How many of the most recent evidence keys an episode keeps: the incident ids an alert lists. */
    public static final int RECENT_IDS = 200;

    public EpisodeSummary {
        recent = List.copyOf(recent);
        reach = reach == null ? Tally.EMPTY : reach;
        corroboration = corroboration == null ? Tally.EMPTY : corroboration;
    }

    /** Ends the {@code corroboration} tally's value ("2/first-hand") of an incident with a first-hand source. */
    public static final String FIRST_HAND = "/first-hand";

    public EpisodeRef ref() {
        return new EpisodeRef(start, end, level, maxValue);
    }

    /** The ids of the most recent evidence, oldest first. */
    public List<String> recentIds() {
        return recent.stream().map(EntryKey::id).toList();
    }

    public boolean contains(EntryKey key) {
        return key != null && !key.isBefore(start) && !key.isAfter(end);
    }

    /** True when some tally stopped at {@link Tally#MAX_VALUES} values. */
    public boolean overflowed() {
        return districtIds.overflow() || districtNames.overflow() || admin1s.overflow() || origins.overflow()
                || victims.overflow() || foreignVictims.overflow() || sites.overflow() || countries.overflow()
                || reach.overflow();
    }
}
