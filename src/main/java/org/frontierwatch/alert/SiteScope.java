package org.frontierwatch.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.frontierwatch.model.AlertContent.Circle;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.reference.SiteGrid;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.state.Tally;

/**
 * Picks the sites an alert covers from the reference data, following the rule's {@link Scope}: consumes an
 * episode's evidence, the group and the level's radius; produces the sites (by site id) and, for radius scopes,
 * each site's distance from the nearest incident.
 */
final class SiteScope {

    /**
     * How far the radius widens for a place given as geo-precision 2 (near a named place, or in part of a district,
     * and coded at that place's coordinates): 25 km, the distance UCDP GED's codebook uses for its own "within 25 km
     * of a known point" precision (where_prec 2), since such a report may lie anywhere around the point it names.
     */
    static final double APPROXIMATE_PLACE_KM = 25;
    /** Most circles a radius alert lists (the first-seen places); the sites of all of them are covered. */
    static final int MAX_CIRCLES = 20;

    /** The sites an alert covers, by site id, with the distance of each from the nearest incident (radius only). */
    record Coverage(List<Site> sites, Map<String, Double> distanceKm, List<Circle> circles) {
        static Coverage of(List<Site> sites) {
            return new Coverage(sites, Map.of(), List.of());
        }
    }

    private SiteScope() {
    }

    static Coverage select(Scope scope, EpisodeSummary evidence, Map<String, String> group, Set<String> nationalities,
                           double radiusKm, ReferenceData ref) {
        return switch (scope) {
            case SITE -> Coverage.of(evidence.sites().values().stream().map(ref::site).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Site::siteId)).toList());
            case DISTRICT -> Coverage.of(inDistricts(districts(evidence, group), ref).toList());
            case DISTRICT_VICTIM_NATIONALITY -> Coverage.of(inDistricts(districts(evidence, group), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList());
            case BORDER_DISTRICTS_VICTIM_NATIONALITY -> Coverage.of(inDistricts(borderDistricts(evidence, ref), ref)
                    .filter(s -> nationalities.stream().anyMatch(s::employs)).toList());
            case RADIUS -> within(evidence, group, radiusKm, ref);
        };
    }

    /**
     * The evidence's districts and, for a neighbour window, the district whose window it is: an attack across the
     * river is evidence for the facing district, whose sites are the ones at risk.
     */
    private static Set<String> districts(EpisodeSummary evidence, Map<String, String> group) {
        String windowDistrict = group.get(GroupDimension.DISTRICT_WITH_NEIGHBOURS.label());
        Set<String> ids = evidence.districtIds().values();
        if (windowDistrict == null || ids.contains(windowDistrict)) {
            return ids;
        }
        Set<String> all = new LinkedHashSet<>(ids);
        all.add(windowDistrict);
        return all;
    }

    /**
     * Every site within the radius of each place the evidence reaches (widened by {@link #APPROXIMATE_PLACE_KM} for
     * geo-precision 2), and every site of the districts of incidents known only by district. An episode stored
     * before reaches were kept covers its districts.
     */
    private static Coverage within(EpisodeSummary evidence, Map<String, String> group, double radiusKm,
                                   ReferenceData ref) {
        Tally reach = evidence.reach();
        if (reach.isEmpty()) {
            return Coverage.of(inDistricts(districts(evidence, group), ref).toList());
        }
        Map<String, Site> sites = new TreeMap<>();
        Map<String, Double> distances = new HashMap<>();
        Set<String> districtIds = new LinkedHashSet<>();
        List<Circle> circles = new ArrayList<>();
        for (String place : reach.inFirstSeenOrder()) {
            if (place.startsWith(IncidentEntry.DISTRICT_REACH)) {
                districtIds.add(place.substring(IncidentEntry.DISTRICT_REACH.length()));
                continue;
            }
            String[] p = place.split(",");
            double lat = Double.parseDouble(p[0]);
            double lon = Double.parseDouble(p[1]);
            double r = radiusKm + ("2".equals(p[2]) ? APPROXIMATE_PLACE_KM : 0);
            if (circles.size() < MAX_CIRCLES) {
                circles.add(new Circle(lat, lon, r));
            }
            for (SiteGrid.Near near : ref.sitesNear(lat, lon, r)) {
                sites.put(near.site().siteId(), near.site());
                distances.merge(near.site().siteId(), near.distanceKm(), Math::min);
            }
        }
        inDistricts(districtIds, ref).forEach(s -> sites.putIfAbsent(s.siteId(), s));
        return new Coverage(List.copyOf(sites.values()), distances, circles);
    }

    private static Stream<Site> inDistricts(Set<String> districtIds, ReferenceData ref) {
        if (districtIds.isEmpty()) {
            return Stream.empty();
        }
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
