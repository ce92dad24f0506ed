package org.frontierwatch.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    /** Panj, Khatlon (Tajikistan), also written Pyanj, on the Afghan border. */
    public static final District PANJ = new District("tj-panj", "TJ", "Khatlon", "Panj", List.of("Pyanj"),
            List.of("AF"));
    /** Darvoz, Gorno-Badakhshan (Tajikistan), also called after its centre Kalai Khumb, on the Afghan border. */
    public static final District DARVOZ = new District("tj-darvoz", "TJ", "Gorno-Badakhshan", "Darvoz",
            List.of("Kalai Khumb"), List.of("AF"));
    /** Panj, Kunduz (Afghanistan): the same district name on the other side of the border. */
    public static final District AF_PANJ = new District("af-panj", "AF", "Kunduz", "Panj", List.of(), List.of("TJ"));

    /**
     * Both Panj districts and Darvoz, a Turkish cotton gin in Panj (listed under the alias Pyanj) and Chinese road
     * works in Darvoz, and the Turkish and Tajik nationalities (not the Chinese one).
     */
    public static MapReferenceData border() {
        return new MapReferenceData().district(PANJ).district(DARVOZ).district(AF_PANJ)
                .site(new Site("s-cotton", "Panj cotton gin", "Anatolia Textiles", "TR", "agriculture", "TJ",
                        "Khatlon", "Pyanj", 37.24, 69.10, Map.of("TR", 12, "TJ", 210)))
                .site(new Site("s-road", "Darvoz road works", "CRBC", "CN", "construction", "TJ", "Gorno-Badakhshan",
                        "Darvoz", 38.46, 70.79, Map.of("CN", 35)))
                .nationality(new Nationality("TR", "Turkey", "Turkish", "Embassy of Turkiye in Dushanbe"))
                .nationality(new Nationality("TJ", "Tajikistan", "Tajik", "MFA Dushanbe"));
    }

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
            Map<String, District> index = new HashMap<>();
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
            Map<String, List<Site>> index = new HashMap<>();
            for (Site site : sites.values()) {
                districtOf(site).ifPresent(d -> index.computeIfAbsent(d.districtId(), k -> new ArrayList<>())
                        .add(site));
            }
            index.values().forEach(l -> l.sort(Comparator.comparing(Site::siteId)));
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
