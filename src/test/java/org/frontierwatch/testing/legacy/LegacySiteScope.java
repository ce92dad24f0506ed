package org.frontierwatch.testing.legacy;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Scope;

/** Picks the sites an alert covers from the reference data, following the rule's {@link Scope}. */
public final class LegacySiteScope {

    private LegacySiteScope() {
    }

    public static List<Site> select(Scope scope, List<Incident> evidence, Set<String> nationalities,
            ReferenceData ref) {
        return switch (scope) {
            case SITE -> evidence.stream().map(i -> i.report().siteId()).filter(Objects::nonNull)
                    .distinct().map(ref::site).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Site::siteId)).toList();
            case DISTRICT -> inDistricts(districtIds(evidence), ref).toList();
            case DISTRICT_VICTIM_NATIONALITY -> inDistricts(districtIds(evidence), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList();
            case BORDER_DISTRICTS_VICTIM_NATIONALITY -> inDistricts(borderDistricts(evidence, ref), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList();
            case RADIUS -> throw new UnsupportedOperationException("the legacy evaluator predates radius scopes");
        };
    }

    private static Set<String> districtIds(List<Incident> evidence) {
        Set<String> ids = new LinkedHashSet<>();
        evidence.forEach(i -> ids.add(i.districtId()));
        return ids;
    }

    private static Stream<Site> inDistricts(Set<String> districtIds, ReferenceData ref) {
        return districtIds.stream().map(ref::district).flatMap(Optional::stream)
                .flatMap(d -> ref.sitesIn(d).stream())
                .collect(Collectors.toMap(Site::siteId, s -> s, (a, b) -> a, TreeMap::new))
                .values().stream();
    }

    /**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
     * Districts of the evidence's countries that border the attackers' origin countries. Without any cross-border
     * evidence, the countries the evidence's own districts border stand in for the origin.
     */
    static Set<String> borderDistricts(List<Incident> evidence, ReferenceData ref) {
        Set<String> countries = new LinkedHashSet<>();
        Set<String> origins = new LinkedHashSet<>();
        for (Incident i : evidence) {
            countries.add(i.report().country());
            if (i.report().crossBorder()) {
                origins.add(i.report().originCountry());
            }
        }
        if (origins.isEmpty()) {
            for (Incident i : evidence) {
                ref.district(i.districtId()).ifPresent(d -> origins.addAll(d.borders()));
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        for (District d : ref.districts()) {
            if (countries.contains(d.country()) && d.borders().stream().anyMatch(origins::contains)) {
                ids.add(d.districtId());
            }
        }
        return ids;
    }
}
