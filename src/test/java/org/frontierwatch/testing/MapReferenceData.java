package org.frontierwatch.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.Keys;
import org.frontierwatch.reference.ReferenceData;

/** Reference data held in maps, for unit tests of the domain logic without Kafka. */
public final class MapReferenceData implements ReferenceData {

    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, Nationality> nationalities = new LinkedHashMap<>();
    private final Map<String, District> districts = new LinkedHashMap<>();

    /** Lazily built: country + slug of every district name, id and alias (first district wins), and sites by it. */
    private Map<String, District> nameIndex;
    private Map<String, List<Site>> sitesByName;

    public MapReferenceData site(Site s) {
        sites.put(s.siteId(), s);
        sitesByName = null;
        return this;
    }

    public MapReferenceData nationality(Nationality n) {
        nationalities.put(n.code(), n);
        return this;
    }

    public MapReferenceData district(District d) {
        districts.put(d.districtId(), d);
        nameIndex = null;
        sitesByName = null;
        return this;
    }

    private Map<String, District> nameIndex() {
        if (nameIndex == null) {
            Map<String, District> index = new java.util.HashMap<>();
            for (District d : districts.values()) {
                List<String> names = new ArrayList<>();
                names.add(d.districtId());
                names.add(d.name());
                names.addAll(d.aliases());
                for (String n : names) {
                    if (n != null) {
                        index.putIfAbsent(d.country() + ":" + Keys.slug(n), d);
                    }
                }
            }
            nameIndex = index;
        }
        return nameIndex;
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
        return Optional.ofNullable(nameIndex().get(country + ":" + Keys.slug(name)));
    }

    /** Same answer as the interface's scan of every site, from an index (the benchmarks use 2,000 sites). */
    @Override
    public List<Site> sitesIn(District district) {
        if (sitesByName == null) {
            Map<String, List<Site>> index = new java.util.HashMap<>();
            for (Site site : sites.values()) {
                districtOf(site).ifPresent(d -> index.computeIfAbsent(d.districtId(), k -> new ArrayList<>()).add(site));
            }
            index.values().forEach(l -> l.sort(java.util.Comparator.comparing(Site::siteId)));
            sitesByName = index;
        }
        return List.copyOf(sitesByName.getOrDefault(district.districtId(), List.of()));
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
