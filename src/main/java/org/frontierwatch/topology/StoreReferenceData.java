package org.frontierwatch.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Keys;
import org.frontierwatch.rules.ReferenceData;

/**
 * {@link ReferenceData} read from the three global stores. The districts store holds each entry under
 * {@code id:<district_id>} and once more under {@code name:<COUNTRY>:<slug>} for its id, name and every alias,
 * which {@link ReferenceStoreUpdater} maintains.
 */
final class StoreReferenceData implements ReferenceData {

    static final String ID_PREFIX = "id:";
    static final String NAME_PREFIX = "name:";

    private final ReadOnlyKeyValueStore<String, Site> sites;
    private final ReadOnlyKeyValueStore<String, Nationality> nationalities;
    private final ReadOnlyKeyValueStore<String, District> districts;

    StoreReferenceData(ReadOnlyKeyValueStore<String, Site> sites,
                       ReadOnlyKeyValueStore<String, Nationality> nationalities,
                       ReadOnlyKeyValueStore<String, District> districts) {
        this.sites = sites;
        this.nationalities = nationalities;
        this.districts = districts;
    }

    static String nameKey(String country, String name) {
        return NAME_PREFIX + country + ":" + Keys.slug(name);
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
        return Optional.ofNullable(districts.get(ID_PREFIX + districtId));
    }

    @Override
    public Optional<District> districtByName(String country, String name) {
        return Optional.ofNullable(districts.get(nameKey(country, name)));
    }

    @Override
    public List<Site> sites() {
        List<Site> all = new ArrayList<>();
        try (KeyValueIterator<String, Site> it = sites.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    @Override
    public List<District> districts() {
        List<District> all = new ArrayList<>();
        try (KeyValueIterator<String, District> it = districts.prefixScan(ID_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, District> kv = it.next();
                all.add(kv.value);
            }
        }
        return all;
    }
}
