package org.frontierwatch.alert;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.state.EpisodeSummary;

/** Picks the sites an alert covers from the reference data, following the rule's {@link Scope}. */
final class SiteScope {

    private SiteScope() {
    }

    static List<Site> select(Scope scope, EpisodeSummary evidence, Set<String> nationalities, ReferenceData ref) {
        return switch (scope) {
            case SITE -> evidence.sites().values().stream().map(ref::site).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Site::siteId)).toList();
            case DISTRICT -> inDistricts(evidence.districtIds().values(), ref).toList();
            case DISTRICT_VICTIM_NATIONALITY -> inDistricts(evidence.districtIds().values(), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList();
            case BORDER_DISTRICTS_VICTIM_NATIONALITY -> inDistricts(borderDistricts(evidence, ref), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList();
        };
    }

    private static Stream<Site> inDistricts(Set<String> districtIds, ReferenceData ref) {
        if (districtIds.size() == 1) {
            // Most episodes lie in one district, whose sites the reference data already lists by site id.
            return ref.district(districtIds.iterator().next()).stream().flatMap(d -> ref.sitesIn(d).stream());
        }
        return districtIds.stream().map(ref::district).flatMap(Optional::stream)
                .flatMap(d -> ref.sitesIn(d).stream())
                .collect(Collectors.toMap(Site::siteId, s -> s, (a, b) -> a, TreeMap::new))
                .values().stream();
    }

    /**
     * Districts of the evidence's countries that border the attackers' origin countries. Without any cross-border
     * evidence, the countries the evidence's own districts border stand in for the origin.
     */
    static Set<String> borderDistricts(EpisodeSummary evidence, ReferenceData ref) {
        Set<String> countries = evidence.countries().values();
        Set<String> origins = new LinkedHashSet<>(evidence.origins().values());
        if (origins.isEmpty()) {
            for (String id : evidence.districtIds().values()) {
                ref.district(id).ifPresent(d -> origins.addAll(d.borders()));
            }
        }
        return ref.districtsBordering(countries, origins);
    }
}
