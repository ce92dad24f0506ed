package org.frontierwatch.reference;

import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.text.LogSafe;

/**
 * The one set of rules a reference record must meet, for the global-store updaters (records from the reference
 * topics) and for the reference loader (reference files, before anything is sent): consumes a record key and the
 * parsed value, produces the reason it cannot be stored, or null when it can. Reasons are one line; input quoted in
 * them is clipped and escaped ({@link LogSafe}). Pure.
 */
public final class ReferenceValidator {

    private ReferenceValidator() {
    }

    /** Whichever of the three kinds {@code value} is; null for a valid record, "empty value" for none. */
    public static String problem(String key, Object value) {
        if (value instanceof Site site) {
            return site(key, site);
        }
        if (value instanceof Nationality nationality) {
            return nationality(key, nationality);
        }
        if (value instanceof District district) {
            return district(key, district);
        }
        if (value == null) {
            return "empty value";
        }
        throw new IllegalArgumentException("not a reference record: " + value.getClass().getName());
    }

    /** Sites: site_id must match the key; a country; headcounts not negative; coordinates in range. */
    public static String site(String key, Site site) {
        String mismatch = idMismatch("site_id", site.siteId(), key);
        if (mismatch != null) {
            return mismatch;
        }
        if (blank(site.country())) {
            return "country is missing";
        }
        if (site.workers().values().stream().anyMatch(n -> n == null || n < 0)) {
            return "workers headcounts must be non-negative integers";
        }
        if ((site.latitude() != null && Math.abs(site.latitude()) > 90)
                || (site.longitude() != null && Math.abs(site.longitude()) > 180)) {
            return "coordinates out of range";
        }
        if (ReferenceStoreLayout.isSiteIndexKey(key)) {
            return "site_id must not start with a control character";
        }
        return null;
    }

    /** Nationalities: code must match the key. */
    public static String nationality(String key, Nationality nationality) {
        return idMismatch("code", nationality.code(), key);
    }

    /** Districts: district_id must match the key; a country and a name. */
    public static String district(String key, District district) {
        String mismatch = idMismatch("district_id", district.districtId(), key);
        if (mismatch != null) {
            return mismatch;
        }
        if (blank(district.country()) || blank(district.name())) {
            return "country and name are required";
        }
        if (district.neighbours().size() > MAX_NEIGHBOURS) {
            return "neighbours lists " + district.neighbours().size() + " districts; at most " + MAX_NEIGHBOURS;
        }
        for (String n : district.neighbours()) {
            if (blank(n)) {
                return "neighbours holds a blank district id";
            }
            if (n.equals(district.districtId())) {
                return "neighbours lists the district itself";
            }
        }
        return null;
    }

    /** Most neighbours a district may list: an incident counts in its district's window and in each neighbour's. */
    public static final int MAX_NEIGHBOURS = 32;

    private static String idMismatch(String field, String id, String key) {
        if (blank(id)) {
            return field + " is missing";
        }
        return id.equals(key) ? null : field + " '" + LogSafe.clip(id) + "' does not match the record key";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
