package org.frontierwatch.topology;

import java.util.ArrayList;
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

/**
 * {@link ReferenceData} read from the three global stores. The districts store holds each entry under
 * {@code id:<district_id>} and once more under {@code name:<COUNTRY>:<slug>} for its id, name and every alias,
 * which {@link ReferenceStoreUpdater} maintains. Lookups are decoded once and kept in memory until the updaters bump
 * the {@link ReferenceVersion} (any change to any reference table), at most {@link #CACHED} per kind.
 */
final class StoreReferenceData implements ReferenceData {

    static final String ID_PREFIX = "id:";
    static final String NAME_PREFIX = "name:";
    /** Sites store: index entries, under a prefix no site id can have (site ids never start with a NUL). */
    static final String SITE_INDEX_PREFIX = "\u0000d:";
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
    private final Map<String, List<Site>> sitesInCache = new HashMap<>();
    private List<District> allDistricts;

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
            sitesInCache.clear();
            allDistricts = null;
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

    static String nameKey(String country, String name) {
        return NAME_PREFIX + country + ":" + Keys.slug(name);
    }

    /** The index key of a site: its country and the slug of its admin2 name; null without an admin2. */
    static String siteIndexKey(Site site) {
        if (site.admin2() == null || site.admin2().isBlank() || site.country() == null) {
            return null;
        }
        return SITE_INDEX_PREFIX + site.country() + ":" + Keys.slug(site.admin2()) + ":" + site.siteId();
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
        List<String> names = new ArrayList<>(district.aliases());
        names.add(0, district.name());
        names.add(0, district.districtId());
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                slugs.add(Keys.slug(name));
            }
        }
        Map<String, Site> found = new TreeMap<>();
        for (String slug : slugs) {
            District owner = districts.get(NAME_PREFIX + district.country() + ":" + slug);
            if (owner == null || !owner.districtId().equals(district.districtId())) {
                continue;
            }
            try (KeyValueIterator<String, Site> it = sites.prefixScan(
                    SITE_INDEX_PREFIX + district.country() + ":" + slug + ":", new StringSerializer())) {
                it.forEachRemaining(kv -> found.put(kv.value.siteId(), kv.value));
            }
        }
        return List.copyOf(found.values());
    }

    @Override
    public Optional<Site> site(String siteId) {
        fresh();
        return cached(siteCache, siteId, id -> Optional.ofNullable(sites.get(id)));
    }

    @Override
    public Optional<Nationality> nationality(String code) {
        fresh();
        return cached(nationalityCache, code, c -> Optional.ofNullable(nationalities.get(c)));
    }

    @Override
    public Optional<District> district(String districtId) {
        fresh();
        return cached(districtCache, ID_PREFIX + districtId, k -> Optional.ofNullable(districts.get(k)));
    }

    @Override
    public Optional<District> districtByName(String country, String name) {
        fresh();
        return cached(districtCache, nameKey(country, name), k -> Optional.ofNullable(districts.get(k)));
    }

    @Override
    public List<Site> sites() {
        List<Site> all = new ArrayList<>();
        try (KeyValueIterator<String, Site> it = sites.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.key.startsWith(SITE_INDEX_PREFIX)) {
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
            try (KeyValueIterator<String, District> it = districts.prefixScan(ID_PREFIX, new StringSerializer())) {
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
