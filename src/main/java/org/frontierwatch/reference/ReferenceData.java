package org.frontierwatch.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;

/** Read access to the reference tables (sites, nationalities, gazetteer), whatever stores them. */
public interface ReferenceData {

    Optional<Site> site(String siteId);

    Optional<Nationality> nationality(String code);

    Optional<District> district(String districtId);

    /** The district whose id, name or alias matches {@code name} in {@code country}, ignoring case and diacritics. */
    Optional<District> districtByName(String country, String name);

    List<Site> sites();

    List<District> districts();

    /** The sites that lie in {@code district} (per {@link #districtOf}), by site id; stores override with an index. */
    default List<Site> sitesIn(District district) {
        return sites().stream()
                .filter(s -> districtOf(s).map(d -> d.districtId().equals(district.districtId())).orElse(false))
                .sorted(Comparator.comparing(Site::siteId)).toList();
    }

    /**
     * The ids of the districts of {@code countries} that border any of {@code origins}, in gazetteer order; stores
     * keep the answer until the reference data changes (it reads every district).
     */
    default Set<String> districtsBordering(Set<String> countries, Set<String> origins) {
        Set<String> ids = new LinkedHashSet<>();
        for (District d : districts()) {
            if (countries.contains(d.country()) && d.borders().stream().anyMatch(origins::contains)) {
                ids.add(d.districtId());
            }
        }
        return ids;
    }

    /**
     * The ids of the districts that list {@code districtId} among their {@code neighbours}, in gazetteer order:
     * whose neighbour windows count an incident there. Stores keep the reverse index until the data change.
     */
    default List<String> neighbourOf(String districtId) {
        List<String> ids = new ArrayList<>();
        for (District d : districts()) {
            if (d.neighbours().contains(districtId) && !ids.contains(d.districtId())) {
                ids.add(d.districtId());
            }
        }
        return ids;
    }

    /** The sites within {@code radiusKm} of a point with their distances; stores keep the grid until data change. */
    default List<SiteGrid.Near> sitesNear(double lat, double lon, double radiusKm) {
        return new SiteGrid(sites()).within(lat, lon, radiusKm);
    }

    /** The district a site lies in, resolved through the gazetteer like a report's admin2. */
    default Optional<District> districtOf(Site site) {
        if (site.admin2() == null) {
            return Optional.empty();
        }
        return districtByName(site.country(), site.admin2());
    }
}
