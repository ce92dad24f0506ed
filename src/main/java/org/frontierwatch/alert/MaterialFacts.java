package org.frontierwatch.alert;

import java.util.Objects;
import org.frontierwatch.model.AlertContent;

/**
 * The facts of an alert whose change must reach people at once, as a 64-bit fingerprint: the level (severity,
 * urgency, certainty, response), the area (country, admin1, district), which sites are covered (their ids and how
 * many), which nationalities are at risk, and whether a fatality among foreign victims is in the evidence. Everything
 * else (counts, fatalities, the evidence list, window bounds, and the text that quotes them) is a count-only change,
 * which the {@link AlertCadence} may hold back. Consumes alert content; produces a number.
 */
public final class MaterialFacts {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private MaterialFacts() {
    }

    public static long fingerprint(AlertContent c) {
        long h = FNV_OFFSET;
        h = mix(h, Objects.toString(c.severity()));
        h = mix(h, Objects.toString(c.urgency()));
        h = mix(h, Objects.toString(c.certainty()));
        h = mix(h, Objects.toString(c.response()));
        h = mix(h, c.country());
        h = mix(h, c.admin1());
        h = mix(h, c.districtId());
        h = mix(h, Integer.toString(c.affectedSitesTotal()));
        for (AlertContent.AffectedSite s : c.affectedSites()) {
            h = mix(h, s.siteId());
        }
        h = mix(h, "|");
        for (AlertContent.NationalityAtRisk n : c.nationalities()) {
            h = mix(h, n.code());
        }
        h = mix(h, c.foreignFatalities() > 0 ? "foreign-fatal" : "-");
        return h == 0 ? 1 : h; // 0 is the fingerprint of "unknown" (state written before it existed)
    }

    /** FNV-1a over the string's characters, then a separator, so that ("ab", "c") and ("a", "bc") differ. */
    private static long mix(long h, String s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= FNV_PRIME;
            }
        }
        h ^= 0x1F;
        return h * FNV_PRIME;
    }
}
