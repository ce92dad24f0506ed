package org.frontierwatch.state;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Builds an {@link EpisodeSummary} while incidents join an episode (in key order) or leave its end: totals, tallies
 * and the most recent keys. Mutable; {@link #build} freezes it.
 */
public final class EvidenceAccumulator {

    private EntryKey start;
    private EntryKey end;
    private long count;
    private long fatalities;
    private long foreignFatalities;
    private String firstCountry;
    private String firstDistrictId;
    private String firstDistrictName;
    private final TallyBuilder districtIds;
    private final TallyBuilder districtNames;
    private final TallyBuilder admin1s;
    private final TallyBuilder origins;
    private final TallyBuilder victims;
    private final TallyBuilder foreignVictims;
    private final TallyBuilder sites;
    private final TallyBuilder countries;
    private final TallyBuilder reach;
    private final TallyBuilder corroboration;
    private final Deque<EntryKey> recent = new ArrayDeque<>();

    public EvidenceAccumulator() {
        districtIds = new TallyBuilder(false);
        districtNames = new TallyBuilder(true);
        admin1s = new TallyBuilder(true);
        origins = new TallyBuilder(true);
        victims = new TallyBuilder(false);
        foreignVictims = new TallyBuilder(false);
        sites = new TallyBuilder(false);
        countries = new TallyBuilder(false);
        reach = new TallyBuilder(true);
        corroboration = new TallyBuilder(false);
    }

    /** Continues from a stored summary. */
    public EvidenceAccumulator(EpisodeSummary from) {
        start = from.start();
        end = from.end();
        count = from.count();
        fatalities = from.fatalities();
        foreignFatalities = from.foreignFatalities();
        firstCountry = from.firstCountry();
        firstDistrictId = from.firstDistrictId();
        firstDistrictName = from.firstDistrictName();
        districtIds = new TallyBuilder(false, from.districtIds());
        districtNames = new TallyBuilder(true, from.districtNames());
        admin1s = new TallyBuilder(true, from.admin1s());
        origins = new TallyBuilder(true, from.origins());
        victims = new TallyBuilder(false, from.victims());
        foreignVictims = new TallyBuilder(false, from.foreignVictims());
        sites = new TallyBuilder(false, from.sites());
        countries = new TallyBuilder(false, from.countries());
        reach = new TallyBuilder(true, from.reach());
        corroboration = new TallyBuilder(false, from.corroboration());
        recent.addAll(from.recent());
    }

    /** Adds an incident after every incident added so far. */
    public void add(IncidentEntry e) {
        EntryKey k = e.key();
        if (start == null) {
            start = k;
            firstCountry = e.country();
            firstDistrictId = e.districtId();
            firstDistrictName = e.districtName();
        }
        end = k;
        count++;
        fatalities += e.fatalities();
        if (hasForeignVictims(e)) {
            foreignFatalities += e.fatalities();
        }
        districtIds.add(e.districtId(), k);
        districtNames.add(e.districtName(), k);
        admin1s.add(e.admin1(), k);
        origins.add(e.origin(), k);
        countries.add(e.country(), k);
        sites.add(e.siteId(), k);
        reach.add(e.reach(), k);
        corroboration.add(corroborationOf(e), k);
        for (String n : e.victims()) {
            victims.add(n, k);
            if (!n.equals(e.country())) {
                foreignVictims.add(n, k);
            }
        }
        recent.addLast(k);
        if (recent.size() > EpisodeSummary.RECENT_IDS) {
            recent.removeFirst();
        }
    }

    /**
     * Takes away an incident at the end of the evidence: callers remove the incidents after the new end, and then
     * call {@link #endAt}. The first incident is never removed this way.
     */
    public void remove(IncidentEntry e) {
        count--;
        fatalities -= e.fatalities();
        if (hasForeignVictims(e)) {
            foreignFatalities -= e.fatalities();
        }
        districtIds.remove(e.districtId());
        districtNames.remove(e.districtName());
        admin1s.remove(e.admin1());
        origins.remove(e.origin());
        countries.remove(e.country());
        sites.remove(e.siteId());
        reach.remove(e.reach());
        corroboration.remove(corroborationOf(e));
        for (String n : e.victims()) {
            victims.remove(n);
            if (!n.equals(e.country())) {
                foreignVictims.remove(n);
            }
        }
    }

    /** The incident's value in the corroboration tally: first-hand, or its number of independent sources. */
    static String corroborationOf(IncidentEntry e) {
        return e.firstHand() ? e.sources() + EpisodeSummary.FIRST_HAND : Integer.toString(e.sources());
    }

    /** Whether a victim of the incident is of a nationality other than the incident's country. */
    static boolean hasForeignVictims(IncidentEntry e) {
        for (String n : e.victims()) {
            if (!n.equals(e.country())) {
                return true;
            }
        }
        return false;
    }

    /** The evidence now ends at {@code newEnd}: later recent keys are dropped. */
    public void endAt(EntryKey newEnd) {
        end = newEnd;
        while (!recent.isEmpty() && recent.peekLast().isAfter(newEnd)) {
            recent.removeLast();
        }
    }

    /** How many recent keys are missing (after {@link #endAt} dropped some) and could be read back. */
    public int recentMissing() {
        return (int) Math.min(EpisodeSummary.RECENT_IDS, count) - recent.size();
    }

    /** The oldest recent key kept, or null. */
    public EntryKey oldestRecent() {
        return recent.peekFirst();
    }

    /** Puts back older recent keys, newest first, read backwards from before {@link #oldestRecent}. */
    public void prependRecent(List<EntryKey> olderNewestFirst) {
        for (EntryKey k : olderNewestFirst) {
            if (recent.size() >= Math.min(EpisodeSummary.RECENT_IDS, count)) {
                break;
            }
            recent.addFirst(k);
        }
    }

    public EntryKey start() {
        return start;
    }

    public EntryKey end() {
        return end;
    }

    public long count() {
        return count;
    }

    public EpisodeSummary build(int level, double maxValue) {
        return new EpisodeSummary(start, end, level, maxValue, count, fatalities, foreignFatalities, firstCountry,
                firstDistrictId, firstDistrictName, districtIds.build(), districtNames.build(), admin1s.build(),
                origins.build(), victims.build(), foreignVictims.build(), sites.build(), countries.build(),
                List.copyOf(recent), reach.build(), corroboration.build());
    }
}
