package org.frontierwatch.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Keys;
import org.frontierwatch.rules.ReferenceData;

/** Reference data held in maps, for unit tests of the domain logic without Kafka. */
public final class MapReferenceData implements ReferenceData {

    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, Nationality> nationalities = new LinkedHashMap<>();
    private final Map<String, District> districts = new LinkedHashMap<>();

    public MapReferenceData site(Site s) {
        sites.put(s.siteId(), s);
        return this;
    }

    public MapReferenceData nationality(Nationality n) {
        nationalities.put(n.code(), n);
        return this;
    }

    public MapReferenceData district(District d) {
        districts.put(d.districtId(), d);
        return this;
    }

    @Override
    public Optional<Site> site(String siteId) {
        return Optional.ofNullable(sites.get(siteId));
    }

    @Override
    public Optional<Nationality> nationality(String code) {
        return Optional.ofNullable(nationalities.get(code));
    }

    @Override
    public Optional<District> district(String districtId) {
        return Optional.ofNullable(districts.get(districtId));
    }

    @Override
    public Optional<District> districtByName(String country, String name) {
        String slug = Keys.slug(name);
        return districts.values().stream().filter(d -> d.country().equals(country))
                .filter(d -> Keys.slug(d.districtId()).equals(slug) || Keys.slug(d.name()).equals(slug)
                        || d.aliases().stream().anyMatch(a -> Keys.slug(a).equals(slug)))
                .findFirst();
    }

    @Override
    public List<Site> sites() {
        return new ArrayList<>(sites.values());
    }

    @Override
    public List<District> districts() {
        return new ArrayList<>(districts.values());
    }
}
