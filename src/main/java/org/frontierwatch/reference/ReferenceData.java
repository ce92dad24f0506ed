package org.frontierwatch.reference;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

    /** The district a site lies in, resolved through the gazetteer like a report's admin2. */
    default Optional<District> districtOf(Site site) {
        if (site.admin2() == null) {
            return Optional.empty();
        }
        return districtByName(site.country(), site.admin2());
    }
}
