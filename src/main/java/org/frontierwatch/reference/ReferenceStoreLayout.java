package org.frontierwatch.reference;

import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Site;

/**
 * The key layout of the three reference stores, in one place: consumes a reference record (or the parts of a
 * lookup), produces the store keys it lives under. The global-store updaters write with it and the store-backed
 * {@link ReferenceData} reads with it. The keys are persisted (state stores, restored from the compacted topics),
 * so they are a storage format: changing one makes existing stores unreadable.
 *
 * <ul>
 *   <li>Sites: each site under its {@code site_id}, and once more under the index key
 *       {@code <NUL>d:<COUNTRY>:<slug of admin2>:<site_id>}, so the sites of a district are a prefix scan.</li>
 *   <li>Nationalities: each under its {@code code}.</li>
 *   <li>Districts: each under {@code id:<district_id>}, and under {@code name:<COUNTRY>:<slug>} for its id, its name
 *       and every alias (a name claimed by another district of the country stays with that district).</li>
 * </ul>
 * Slugs are {@link Keys#slug}.
 */
public final class ReferenceStoreLayout {

    /** Districts store: prefix of an entry under its id. */
    public static final String ID_PREFIX = "id:";
    /** Districts store: prefix of an entry under one of its names. */
    public static final String NAME_PREFIX = "name:";
    /** Sites store: prefix of the index entries; no valid site id has it (site ids never start with a NUL). */
    public static final String SITE_INDEX_PREFIX = "\u0000d:";

    private ReferenceStoreLayout() {
    }

    /** Sites store: where a site is stored, its id. */
    public static String siteKey(String siteId) {
        return siteId;
    }

    /** Sites store: whether a key is an index entry rather than a site under its id. */
    public static boolean isSiteIndexKey(String key) {
        return key.startsWith(SITE_INDEX_PREFIX);
    }

    /** Sites store: the index key of a site, from its country and the slug of its admin2; null without either. */
    public static String siteIndexKey(Site site) {
        if (site.admin2() == null || site.admin2().isBlank() || site.country() == null) {
            return null;
        }
        return siteIndexPrefix(site.country(), Keys.slug(site.admin2())) + site.siteId();
    }

    /** Sites store: the prefix of the index keys of every site whose admin2 has this slug in this country. */
    public static String siteIndexPrefix(String country, String slug) {
        return SITE_INDEX_PREFIX + country + ":" + slug + ":";
    }

    /** Nationalities store: where a nationality is stored, its code. */
    public static String nationalityKey(String code) {
        return code;
    }

    /** Districts store: where a district is stored under its id. */
    public static String districtIdKey(String districtId) {
        return ID_PREFIX + districtId;
    }

    /** Districts store: the name entry for a name (any spelling) of a district in a country. */
    public static String districtNameKey(String country, String name) {
        return districtSlugKey(country, Keys.slug(name));
    }

    /** Districts store: the name entry for an already slugged name. */
    public static String districtSlugKey(String country, String slug) {
        return NAME_PREFIX + country + ":" + slug;
    }

    /** The names a district is indexed under, in indexing order: its id, its name, then its aliases; blanks skipped. */
    public static List<String> districtNames(District district) {
        List<String> names = new ArrayList<>(district.aliases().size() + 2);
        names.add(district.districtId());
        names.add(district.name());
        names.addAll(district.aliases());
        names.removeIf(name -> name == null || name.isBlank());
        return names;
    }
}
