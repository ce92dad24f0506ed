package org.frontierwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.AlertContent.ExposedNationality;
import org.frontierwatch.model.AlertContent.NationalityAtRisk;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.District;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Site;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Corroboration;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.Template;
import org.frontierwatch.state.EpisodeSummary;

/**
 * Builds alert messages from a rule, the summary of the episode that fired it and the reference data: the affected
 * sites, the nationalities at risk with their embassy contacts, and the rendered headline and instruction. Consumes
 * {@link EpisodeSummary}s; produces {@link Alert}s. One job, what a message says: its length is the facts of a message
 * (level, area, sites, exposure, nationalities), found in one place for the message built, the fingerprint the
 * cadence compares and the {@code min_exposed_workers} gate, so that the three cannot disagree.
 */
public final class AlertFactory {

    /** Called for each nationality code the nationalities table does not know (an enrichment miss). */
    public interface MissListener {
        void nationalityMissing(String code);
    }

    /**
     * Most incident ids an alert lists: the most recent ones, in time order. {@code count}, {@code fatalities} and
     * {@code metric_value} are always over all the evidence, and {@code incident_ids_total} says how many ids there
     * were. Keeps an alert of a district with thousands of incidents far below the broker's 1 MB record limit.
     */
    public static final int MAX_INCIDENT_IDS = EpisodeSummary.RECENT_IDS;
    /** Most sites an alert lists (the first by site id); {@code affected_sites_total} counts them all. */
    public static final int MAX_AFFECTED_SITES = 100;
    /** Most names a headline or instruction placeholder lists before "and N more". */
    public static final int MAX_NAMES_IN_TEXT = 10;

    private final ReferenceData reference;
    private final MissListener misses;

    public AlertFactory(ReferenceData reference, MissListener misses) {
        this.reference = reference;
        this.misses = misses;
    }

    /**
     * @param sent when the message goes out (wall clock)
     * @param asOf the event time it describes the evidence at
     */
    public Alert build(Rule rule, EpisodeSummary episode, Map<String, String> group, String key, MsgType msgType,
                       int sequence, List<AlertReference> references, Instant sent, Instant asOf) {
        Facts facts = facts(rule, episode, group);
        Level level = facts.level();
        String country = facts.country();
        boolean oneDistrict = facts.districtId() != null;
        String districtName = facts.window().map(District::name).orElse(episode.firstDistrictName());
        List<String> admin1s = facts.admin1s();
        List<Site> sites = facts.sites();
        List<NationalityAtRisk> nationalities = facts.nationalities();
        // Saturating: two hostile reports of 2^31-1 fatalities must not wrap around to a negative total.
        int fatalities = (int) Math.min(Integer.MAX_VALUE, Math.max(0, episode.fatalities()));
        int foreignFatalities = (int) Math.min(Integer.MAX_VALUE, Math.max(0, episode.foreignFatalities()));
        int count = (int) Math.min(Integer.MAX_VALUE, episode.count());

        Exposure exposure = exposure(sites);
        Map<String, String> values = new HashMap<>();
        values.put("rule", rule.id());
        values.put("district", facts.window().isPresent() ? neighbourhood(districtName, episode)
                : oneDistrict ? districtName : joinSome(episode.districtNames().inFirstSeenOrder()));
        values.put("admin1", joinSome(admin1s));
        values.put("country", country);
        values.put("country_name", countryName(country));
        values.put("count", Integer.toString(count));
        values.put("fatalities", Integer.toString(fatalities));
        values.put("metric", formatNumber(episode.maxValue()));
        values.put("window_days", formatNumber(rule.window().toHours() / 24.0));
        values.put("nationalities",
                nationalities.stream().map(n -> demonym(n.code())).collect(Collectors.joining(", ")));
        values.put("sites", Integer.toString(sites.size()));
        values.put("site_names", joinSome(sites.stream().map(Site::name).toList()));
        values.put("exposed_workers", Integer.toString(exposure.workers()));
        values.put("sources", Integer.toString(facts.sourced().sources()));
        values.put("exposure",
                AlertContent.exposureSummary(exposure.workers(), exposure.byNationality(), sites.size()));
        values.put("origin", joinSome(episode.origins().inFirstSeenOrder().stream().map(this::countryName)
                .distinct().toList()));
        String headline = Template.parse(level.headline() != null ? level.headline() : rule.headline()).render(values);
        String instruction = Template.parse(level.instruction() != null ? level.instruction() : rule.instruction())
                .render(values);

        Map<String, Double> distances = facts.coverage().distanceKm();
        List<AffectedSite> affected = facts.listedSites().stream().map(s -> {
            Optional<District> d = reference.districtOf(s);
            Double km = distances.get(s.siteId());
            return new AffectedSite(s.siteId(), s.name(), s.operator(), d.map(District::districtId).orElse(null),
                    d.map(District::name).orElse(s.admin2()), s.latitude(), s.longitude(), s.workers(),
                    km == null ? null : Math.round(km * 10) / 10.0);
        }).toList();
        Instant expires = rule.expiresAfter() == null ? null : sent.plus(rule.expiresAfter());
        AlertContent content = AlertContent.builder()
                .ruleId(rule.id()).ruleVersion(rule.version()).event(rule.event())
                .severity(level.severity()).urgency(level.urgency()).certainty(facts.certainty())
                .response(level.response())
                .country(country).admin1(facts.admin1())
                .district(oneDistrict ? districtName : null)
                .districtId(facts.districtId())
                .group(group)
                .windowStart(episode.start().instant()).windowEnd(episode.end().instant())
                .incidentIds(episode.recentIds()).incidentIdsTotal(count)
                .fatalities(fatalities).foreignFatalities(foreignFatalities)
                .count(count).metricValue(episode.maxValue())
                .affectedSites(affected).affectedSitesTotal(sites.size())
                .exposedWorkers(exposure.workers()).exposure(exposure.byNationality())
                .circles(facts.coverage().circles()).sources(facts.sourced().sources())
                .nationalities(nationalities)
                .headline(headline).instruction(instruction)
                .build();
        return new Alert(key, alertId(key, sequence), msgType, references, content, sent, expires, asOf);
    }

    /**
     * What a message of {@code rule} for {@code episode} would say about its level, area, sites and nationalities:
     * everything {@link MaterialFacts} weighs, without the text, so that a change that may be held is judged
     * without building the message it will not send.
     */
    Facts facts(Rule rule, EpisodeSummary episode, Map<String, String> group) {
        Set<String> scoped = scopedNationalities(group, episode);
        Corroboration sourced = corroboration(episode);
        // An open alert whose sources no longer hold any level (its best-sourced incident retracted) stays at the
        // lowest: it is withdrawn only when its evidence is.
        Level level = rule.levels().get(Math.max(0, sourced.levelOf(rule, episode.level())));
        SiteScope.Coverage coverage = SiteScope.select(rule.scope(), episode, group, scoped, rule.radiusAt(level),
                reference);
        List<Site> sites = coverage.sites();
        Optional<District> window = neighbourWindow(rule, group);
        return new Facts(level, level.certainty() != null ? level.certainty() : sourced.certainty(), sourced,
                window.map(District::country).orElse(episode.firstCountry()),
                window.map(d -> d.admin1() == null ? List.<String>of() : List.of(d.admin1()))
                        .orElse(episode.admin1s().inFirstSeenOrder()),
                window.map(District::districtId)
                        .orElse(episode.districtIds().size() == 1 ? episode.firstDistrictId() : null),
                window, coverage, nationalitiesAtRisk(rule, scoped, sites, episode),
                episode.foreignFatalities() > 0);
    }

    /**
     * The district whose neighbour window a group of a {@code district_with_neighbours} rule is: the alert is about
     * that district (its country, admin1 and area), wherever across the line its evidence happened.
     */
    private Optional<District> neighbourWindow(Rule rule, Map<String, String> group) {
        if (!rule.groupBy().contains(GroupDimension.DISTRICT_WITH_NEIGHBOURS)) {
            return Optional.empty();
        }
        String id = group.get(GroupDimension.DISTRICT_WITH_NEIGHBOURS.label());
        return id == null ? Optional.empty() : reference.district(id);
    }

    /** "Shamsiddin Shohin", or "Shamsiddin Shohin and neighbouring Khwahan" when evidence lies next door. */
    private static String neighbourhood(String windowName, EpisodeSummary episode) {
        List<String> others = episode.districtNames().inFirstSeenOrder().stream()
                .filter(n -> !n.equals(windowName)).toList();
        return others.isEmpty() ? windowName : windowName + " and neighbouring " + joinSome(others);
    }

    /**
     * How the episode is sourced: the most independent sources any of its incidents has, and whether one was
     * first-hand. An episode stored before sources were kept counts as unsourced.
     */
    static Corroboration corroboration(EpisodeSummary episode) {
        int most = 0;
        boolean firstHand = false;
        for (String v : episode.corroboration().values()) {
            boolean f = v.endsWith(EpisodeSummary.FIRST_HAND);
            firstHand |= f;
            most = Math.max(most, Integer.parseInt(f ? v.substring(0, v.length() - EpisodeSummary.FIRST_HAND.length())
                    : v));
        }
        return new Corroboration(most, firstHand);
    }

    /** The level {@code episode} raises an alert at, its sources considered, or -1 when they hold none. */
    int levelToRaise(Rule rule, EpisodeSummary episode) {
        return corroboration(episode).levelOf(rule, episode.level());
    }

    /** The {@link MaterialFacts} fingerprint of the message {@link #build} would make of the same episode. */
    long materialFingerprint(Rule rule, EpisodeSummary episode, Map<String, String> group) {
        Facts f = facts(rule, episode, group);
        return MaterialFacts.fingerprint(f.level().severity(), f.level().urgency(), f.certainty(),
                f.level().response(), f.country(), f.admin1(), f.districtId(), f.sites().size(),
                f.listedSites().stream().map(Site::siteId).toList(),
                f.nationalities().stream().map(NationalityAtRisk::code).toList(), f.foreignFatality());
    }

    /** The foreign workers at the sites a message of {@code rule} for {@code episode} would cover. */
    int exposedWorkers(Rule rule, EpisodeSummary episode, Map<String, String> group) {
        return exposure(facts(rule, episode, group).sites()).workers();
    }

    /** The material facts of an alert message, as {@link #facts} finds them. */
    record Facts(Level level, Certainty certainty, Corroboration sourced, String country, List<String> admin1s,
                 String districtId, Optional<District> window, SiteScope.Coverage coverage,
                 List<NationalityAtRisk> nationalities, boolean foreignFatality) {

        List<Site> sites() {
            return coverage.sites();
        }

        /** The one admin1 of the evidence, or null when there are several. */
        String admin1() {
            return admin1s.size() == 1 ? admin1s.get(0) : null;
        }

        /** The sites a message lists: the first {@link #MAX_AFFECTED_SITES}. */
        List<Site> listedSites() {
            List<Site> sites = sites();
            return sites.size() <= MAX_AFFECTED_SITES ? sites : sites.subList(0, MAX_AFFECTED_SITES);
        }
    }

    /** The foreign workers at {@code sites}, in all and by nationality (most first, then by code). */
    record Exposure(int workers, List<ExposedNationality> byNationality) {
    }

    /**
     * Counts the workers at each site whose nationality is not the site's country (all of them when the site's
     * country is not given), over every covered site, listed in the message or not. Sums saturate.
     */
    Exposure exposure(List<Site> sites) {
        Map<String, Long> byCode = new TreeMap<>();
        long total = 0;
        for (Site s : sites) {
            for (Map.Entry<String, Integer> w : s.workers().entrySet()) {
                Integer n = w.getValue();
                if (n != null && n > 0 && !w.getKey().equals(s.country())) {
                    byCode.merge(w.getKey(), n.longValue(), Long::sum);
                    total += n;
                }
            }
        }
        List<ExposedNationality> out = new ArrayList<>(byCode.size());
        byCode.forEach((code, n) -> out.add(new ExposedNationality(code,
                reference.nationality(code).map(Nationality::demonym).orElse(null), saturated(n))));
        out.sort(Comparator.comparingInt(ExposedNationality::workers).reversed()
                .thenComparing(ExposedNationality::code));
        return new Exposure(saturated(total), out);
    }

    private static int saturated(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** The Cancel message for an alert whose condition no longer holds: the last content, marked all-clear. */
    public Alert cancel(Alert last, int sequence, List<AlertReference> references, Instant sent, String reason,
                        Instant asOf) {
        AlertContent content = last.content().toBuilder()
                .response(ResponseType.AllClear)
                .headline("Cancelled: " + last.content().headline())
                .instruction(reason)
                .build();
        return new Alert(last.key(), alertId(last.key(), sequence), MsgType.Cancel, references, content, sent, null,
                asOf);
    }

    /**
     * The closing message of an alert whose episode ended: an {@code Update} with response {@code AllClear} and
     * urgency {@code Past} (CAP: responsive action is no longer required), keeping the final totals, sites,
     * nationalities and the peak severity of {@code last} (the alert's content with all its evidence), valid for
     * {@code expiresAfter}.
     *
     * @param peak      the response of the highest level the episode reached
     * @param quietFor  the rule's window plus the grace period: how long no incident has renewed the episode
     */
    public Alert allClear(Alert last, ResponseType peak, Duration quietFor, int sequence,
                          List<AlertReference> references, Instant sent, Instant asOf, Duration expiresAfter) {
        AlertContent c = last.content();
        String instruction = "The episode has ended: no incident has renewed it since " + c.windowEnd() + " ("
                + formatNumber(quietFor.toHours() / 24.0) + " days: the rule's window and the grace period). Final: "
                + c.count() + " incident(s), " + c.fatalities() + " fatalities, " + c.affectedSitesTotal()
                + " site(s) covered; peak level " + c.severity() + " (" + peak + "). Review the measures this alert "
                + "asked for; other alerts covering these sites may still apply.";
        AlertContent content = c.toBuilder()
                .response(ResponseType.AllClear)
                .urgency(Urgency.Past)
                .headline("Ended: " + c.headline())
                .instruction(instruction)
                .build();
        return new Alert(last.key(), alertId(last.key(), sequence), MsgType.Update, references, content, sent,
                sent.plus(expiresAfter), asOf);
    }

    /** "a, b, c", or "a, b, ... and 7 more" past {@link #MAX_NAMES_IN_TEXT} names. */
    static String joinSome(List<String> names) {
        if (names.size() <= MAX_NAMES_IN_TEXT) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES_IN_TEXT)) + " and "
                + (names.size() - MAX_NAMES_IN_TEXT) + " more";
    }

    public static String alertId(String key, int sequence) {
        return key + "#" + sequence;
    }

    /**
     * The nationalities whose sites a nationality-scoped rule covers: the group's victim nationality when the rule
     * groups by it, else the victims' nationalities foreign to the incident country (all victims' if none is).
     */
    static Set<String> scopedNationalities(Map<String, String> group, EpisodeSummary evidence) {
        for (GroupDimension d : List.of(GroupDimension.FOREIGN_VICTIM_NATIONALITY, GroupDimension.VICTIM_NATIONALITY)) {
            String value = group.get(d.label());
            if (value != null) {
                return Set.of(value);
            }
        }
        Set<String> foreign = evidence.foreignVictims().values();
        return foreign.isEmpty() ? evidence.victims().values() : foreign;
    }

    private List<NationalityAtRisk> nationalitiesAtRisk(Rule rule, Set<String> scoped, List<Site> sites,
                                                        EpisodeSummary evidence) {
        Set<String> codes = new TreeSet<>();
        if (rule.scope().byNationality()) {
            codes.addAll(scoped);
        } else {
            codes.addAll(evidence.victims().values());
            sites.forEach(s -> s.workers().forEach((code, n) -> {
                if (n != null && n > 0) {
                    codes.add(code);
                }
            }));
        }
        List<NationalityAtRisk> out = new ArrayList<>();
        for (String code : codes) {
            Optional<Nationality> n = reference.nationality(code);
            if (n.isEmpty()) {
                misses.nationalityMissing(code);
            }
            out.add(new NationalityAtRisk(code, n.map(Nationality::name).orElse(null),
                    n.map(Nationality::embassyContact).orElse(null)));
        }
        out.sort(Comparator.comparing(NationalityAtRisk::code));
        return out;
    }

    private String countryName(String code) {
        return reference.nationality(code).map(Nationality::name).filter(s -> !s.isBlank()).orElse(code);
    }

    private String demonym(String code) {
        return reference.nationality(code).map(n -> n.demonym() != null ? n.demonym() : n.name()).orElse(code);
    }

    private static String formatNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
