package org.frontierwatch.testing.legacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.AlertContent.ExposedNationality;
import org.frontierwatch.model.AlertContent.NationalityAtRisk;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.Template;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * Builds the content of an alert message from a rule, the episode that fired it and the reference data: the
 * affected sites, the nationalities at risk with their embassy contacts, and the rendered headline and instruction.
 */
public final class LegacyAlertFactory {

    /** Called for each nationality code the nationalities table does not know (an enrichment miss). */
    public interface MissListener {
        void nationalityMissing(String code);
    }

    /**
     * Most incident ids an alert lists: the most recent ones, in time order. {@code count}, {@code fatalities} and
     * {@code metric_value} are always over all the evidence, and {@code incident_ids_total} says how many ids there
     * were. Keeps an alert of a district with thousands of incidents far below the broker's 1 MB record limit.
     */
    public static final int MAX_INCIDENT_IDS = 200;
    /** Most sites an alert lists (the first by site id); {@code affected_sites_total} counts them all. */
    public static final int MAX_AFFECTED_SITES = 100;
    /** Most names a headline or instruction placeholder lists before "and N more". */
    public static final int MAX_NAMES_IN_TEXT = 10;

    private final ReferenceData reference;
    private final MissListener misses;

    public LegacyAlertFactory(ReferenceData reference, MissListener misses) {
        this.reference = reference;
        this.misses = misses;
    }

    public Alert build(Rule rule, LegacyEpisode episode, Map<String, String> group, String key, MsgType msgType,
                       int sequence, List<AlertReference> references, Instant sent) {
        List<Incident> evidence = episode.evidence();
        Level level = rule.levels().get(episode.level());
        Incident first = evidence.get(0);
        String country = first.report().country();
        Set<String> districtIds = evidence.stream().map(Incident::districtId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> admin1s = evidence.stream().map(Incident::admin1).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean oneDistrict = districtIds.size() == 1;
        Set<String> scoped = scopedNationalities(group, evidence);
        List<Site> sites = LegacySiteScope.select(rule.scope(), evidence, scoped, reference);
        List<NationalityAtRisk> nationalities = nationalitiesAtRisk(rule, scoped, sites, evidence);
        // Saturating: two hostile reports of 2^31-1 fatalities must not wrap around to a negative total.
        int fatalities = (int) Math.min(Integer.MAX_VALUE,
                evidence.stream().mapToLong(i -> i.report().fatalities()).sum());
        int foreignFatalities = (int) Math.min(Integer.MAX_VALUE, evidence.stream()
                .filter(i -> i.report().victimNationalities().stream().anyMatch(n -> !n.equals(i.report().country())))
                .mapToLong(i -> i.report().fatalities()).sum());

        Map<String, String> values = new HashMap<>();
        values.put("rule", rule.id());
        values.put("district", oneDistrict ? first.districtName()
                : joinSome(evidence.stream().map(Incident::districtName).distinct().toList()));
        values.put("admin1", joinSome(List.copyOf(admin1s)));
        values.put("country", country);
        values.put("country_name", countryName(country));
        values.put("count", Integer.toString(evidence.size()));
        values.put("fatalities", Integer.toString(fatalities));
        values.put("metric", formatNumber(episode.metricValue()));
        values.put("window_days", formatNumber(rule.window().toHours() / 24.0));
        values.put("nationalities", nationalities.stream().map(n -> demonym(n.code()))
                .collect(Collectors.joining(", ")));
        values.put("sites", Integer.toString(sites.size()));
        values.put("site_names", joinSome(sites.stream().map(Site::name).toList()));
        values.put("origin", joinSome(evidence.stream().filter(i -> i.report().crossBorder())
                .map(i -> countryName(i.report().originCountry())).distinct().toList()));
        String headline = Template.parse(level.headline() != null ? level.headline() : rule.headline()).render(values);
        String instruction = Template.parse(level.instruction() != null ? level.instruction() : rule.instruction())
                .render(values);

        List<AffectedSite> affected = sites.stream().limit(MAX_AFFECTED_SITES).map(s -> {
            Optional<District> d = reference.districtOf(s);
            return new AffectedSite(s.siteId(), s.name(), s.operator(),
                    d.map(District::districtId).orElse(null),
                    d.map(District::name).orElse(s.admin2()),
                    s.latitude(), s.longitude(), s.workers());
        }).toList();
        Map<String, Integer> exposure = new HashMap<>();
        for (Site s : sites) {
            s.workers().forEach((code, n) -> {
                if (!code.equals(s.country()) && n != null && n > 0) {
                    exposure.merge(code, n, Integer::sum);
                }
            });
        }
        Instant expires = rule.expiresAfter() == null ? null : sent.plus(rule.expiresAfter());
        AlertContent content = new AlertContent(rule.id(), rule.version(), rule.event(), level.severity(),
                level.urgency(), level.certainty(), level.response(), country,
                admin1s.size() == 1 ? admin1s.iterator().next() : null,
                oneDistrict ? first.districtName() : null, oneDistrict ? first.districtId() : null, group,
                first.occurredAt(), evidence.get(evidence.size() - 1).occurredAt(),
                mostRecent(evidence.stream().map(Incident::id).toList(), MAX_INCIDENT_IDS), evidence.size(),
                fatalities, foreignFatalities, evidence.size(), episode.metricValue(), affected, sites.size(),
                exposure.values().stream().mapToInt(Integer::intValue).sum(), exposed(exposure), List.of(),
                evidence.stream().mapToInt(i -> i.report().sources().size()).max().orElse(0), nationalities,
                headline, instruction);
        return new Alert(key, alertId(key, sequence), msgType, references, content, sent, expires, null);
    }

    /** Foreign workers by nationality, the most numerous first. */
    private List<ExposedNationality> exposed(Map<String, Integer> exposure) {
        return exposure.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new ExposedNationality(e.getKey(),
                        reference.nationality(e.getKey()).map(Nationality::demonym).orElse(null), e.getValue()))
                .toList();
    }

    /** The Cancel message for an alert whose condition no longer holds: the last content, marked all-clear. */
    public Alert cancel(Alert last, int sequence, List<AlertReference> references, Instant sent, String reason) {
        AlertContent content = last.content().toBuilder().response(ResponseType.AllClear)
                .headline("Cancelled: " + last.content().headline()).instruction(reason).build();
        return new Alert(last.key(), alertId(last.key(), sequence), MsgType.Cancel, references, content, sent, null,
                null);
    }

    /** The last {@code max} elements, in their order. */
    static <T> List<T> mostRecent(List<T> inTimeOrder, int max) {
        return inTimeOrder.size() <= max ? inTimeOrder
                : List.copyOf(inTimeOrder.subList(inTimeOrder.size() - max, inTimeOrder.size()));
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
    static Set<String> scopedNationalities(Map<String, String> group, List<Incident> evidence) {
        for (GroupDimension d : List.of(GroupDimension.FOREIGN_VICTIM_NATIONALITY, GroupDimension.VICTIM_NATIONALITY)) {
            String value = group.get(d.label());
            if (value != null) {
                return Set.of(value);
            }
        }
        Set<String> foreign = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        for (Incident i : evidence) {
            for (String n : i.report().victimNationalities()) {
                all.add(n);
                if (!n.equals(i.report().country())) {
                    foreign.add(n);
                }
            }
        }
        return foreign.isEmpty() ? all : foreign;
    }

    private List<NationalityAtRisk> nationalitiesAtRisk(Rule rule, Set<String> scoped, List<Site> sites,
                                                        List<Incident> evidence) {
        Set<String> codes = new TreeSet<>();
        if (rule.scope().byNationality()) {
            codes.addAll(scoped);
        } else {
            evidence.forEach(i -> codes.addAll(i.report().victimNationalities()));
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
