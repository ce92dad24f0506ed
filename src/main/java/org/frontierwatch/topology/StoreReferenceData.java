package org.frontierwatch.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.Keys;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.reference.ReferenceStoreLayout;
import org.frontierwatch.reference.SiteGrid;

/**
 * {@link ReferenceData} read from the three global stores, whose keys {@link ReferenceStoreLayout} defines and
 * {@link ReferenceStoreUpdater} maintains. Lookups are decoded once and kept in memory until the updaters bump
 * the {@link ReferenceVersion} (any change to any reference table), at most {@link #CACHED} per kind.
 */
final class StoreReferenceData implements ReferenceData {

    /** Most decoded lookups kept per kind; past that a cache starts again (reference tables are small). */
    static final int CACHED = 20_000;

    private final ReadOnlyKeyValueStore<String, Site> sites;
    private final ReadOnlyKeyValueStore<String, Nationality> nationalities;
    private final ReadOnlyKeyValueStore<String, District> districts;
    private final ReferenceVersion version;
    private long cachedVersion = -1;
    private final Map<String, Optional<Site>> siteCache = new HashMap<>();
    private final Map<String, Optional<Nationality>> nationalityCache = new HashMap<>();
    private final Map<String, Optional<District>> districtCache = new HashMap<>();
    /** By the name as given ("country NUL name"): a hit skips the slugging, two Unicode normalisations. */
    private final Map<String, Optional<District>> districtByNameCache = new HashMap<>();
    private final Map<String, List<Site>> sitesInCache = new HashMap<>();
    private final Map<List<Set<String>>, Set<String>> borderingCache = new HashMap<>();
    private List<District> allDistricts;
    private SiteGrid grid;
    /** District id to the districts listing it as a neighbour; built from every district once per version. */
    private Map<String, List<String>> neighbourOf;

    StoreReferenceData(ReadOnlyKeyValueStore<String, Site> sites,
                       ReadOnlyKeyValueStore<String, Nationality> nationalities,
                       ReadOnlyKeyValueStore<String, District> districts, ReferenceVersion version) {
        this.sites = sites;
        this.nationalities = nationalities;
        this.districts = districts;
        this.version = version;
    }

    /** Drops every cached lookup when the reference stores changed since they were read. */
    private void fresh() {
        long v = version.current();
        if (v != cachedVersion) {
            siteCache.clear();
            nationalityCache.clear();
            districtCache.clear();
            districtByNameCache.clear();
            sitesInCache.clear();
            borderingCache.clear();
            allDistricts = null;
            grid = null;
            neighbourOf = null;
            cachedVersion = v;
        }
    }

    private static <V> V cached(Map<String, V> cache, String key, Function<String, V> load) {
        V v = cache.get(key);
        if (v == null) {
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            v = load.apply(key);
            cache.put(key, v);
        }
        return v;
    }

    /**
     * The sites whose admin2 resolves to {@code district}: for each of its names (id, name, aliases) that the
     * gazetteer resolves to this district, a prefix scan of the site index. Same answer as filtering every site
     * through {@link #districtOf}, without reading every site.
     */
    @Override
    public List<Site> sitesIn(District district) {
        fresh();
        return cached(sitesInCache, district.districtId(), id -> scanSitesIn(district));
    }

    private List<Site> scanSitesIn(District district) {
        Set<String> slugs = new LinkedHashSet<>();
        for (String name : ReferenceStoreLayout.districtNames(district)) {
            slugs.add(Keys.slug(name));
        }
        Map<String, Site> found = new TreeMap<>();
        for (String slug : slugs) {
            District owner = districts.get(ReferenceStoreLayout.districtSlugKey(district.country(), slug));
            if (owner == null || !owner.districtId().equals(district.districtId())) {
                continue;
            }
            try (KeyValueIterator<String, Site> it = sites.prefixScan(
                    ReferenceStoreLayout.siteIndexPrefix(district.country(), slug), new StringSerializer())) {
                it.forEachRemaining(kv -> found.put(kv.value.siteId(), kv.value));
            }
        }
        return List.copyOf(found.values());
    }

    @Override
    public Set<String> districtsBordering(Set<String> countries, Set<String> origins) {
        fresh();
        List<Set<String>> key = List.of(Set.copyOf(countries), Set.copyOf(origins));
        Set<String> ids = borderingCache.get(key);
        if (ids == null) {
            if (borderingCache.size() >= CACHED) {
                borderingCache.clear();
            }
            ids = Collections.unmodifiableSet(ReferenceData.super.districtsBordering(countries, origins));
            borderingCache.put(key, ids);
        }
        return ids;
    }

    @Override
    public List<String> neighbourOf(String districtId) {
        fresh();
        if (neighbourOf == null) {
            Map<String, List<String>> index = new HashMap<>();
            for (District d : districts()) {
                for (String n : d.neighbours()) {
                    List<String> listing = index.computeIfAbsent(n, k -> new ArrayList<>());
                    if (!listing.contains(d.districtId())) {
                        listing.add(d.districtId());
                    }
                }
            }
            neighbourOf = index;
        }
        return neighbourOf.getOrDefault(districtId, List.of());
    }

    /** Reads every site once per version of the reference data into a grid of one-degree cells. */
    @Override
    public List<SiteGrid.Near> sitesNear(double lat, double lon, double radiusKm) {
        fresh();
        if (grid == null) {
            grid = new SiteGrid(sites());
        }
        return grid.within(lat, lon, radiusKm);
    }

    @Override
    public Optional<Site> site(String siteId) {
        fresh();
        return cached(siteCache, siteId, id -> Optional.ofNullable(sites.get(ReferenceStoreLayout.siteKey(id))));
    }

    @Override
    public Optional<Nationality> nationality(String code) {
        fresh();
        return cached(nationalityCache, code,
                c -> Optional.ofNullable(nationalities.get(ReferenceStoreLayout.nationalityKey(c))));
    }

    @Override
    public Optional<District> district(String districtId) {
        fresh();
        return cached(districtCache, ReferenceStoreLayout.districtIdKey(districtId),
                k -> Optional.ofNullable(districts.get(k)));
    }

    @Override
    public Optional<District> districtByName(String country, String name) {
        fresh();
        return cached(districtByNameCache, country + '\u0000' + name,
                k -> cached(districtCache, ReferenceStoreLayout.districtNameKey(country, name),
                        key -> Optional.ofNullable(districts.get(key))));
    }

    @Override
    public List<Site> sites() {
        List<Site> all = new ArrayList<>();
        try (KeyValueIterator<String, Site> it = sites.all()) {
            it.forEachRemaining(kv -> {
                if (!ReferenceStoreLayout.isSiteIndexKey(kv.key)) {
                    all.add(kv.value);
                }
            });
        }
        return all;
    }

    @Override
    public List<District> districts() {
        fresh();
        if (allDistricts == null) {
            List<District> all = new ArrayList<>();
            try (KeyValueIterator<String, District> it = districts.prefixScan(ReferenceStoreLayout.ID_PREFIX,
                    new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, District> kv = it.next();
                    all.add(kv.value);
                }
            }
            allDistricts = List.copyOf(all);
        }
        return allDistricts;
    }
}
