package org.frontierwatch.alert;

import java.util.List;
import java.util.Objects;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.AlertContent.NationalityAtRisk;

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
        return fingerprint(c.severity(), c.urgency(), c.certainty(), c.response(), c.country(), c.admin1(),
                c.districtId(), c.affectedSitesTotal(), c.affectedSites().stream().map(AffectedSite::siteId).toList(),
                c.nationalities().stream().map(NationalityAtRisk::code).toList(), c.foreignFatalities() > 0);
    }

    /**
     * The same fingerprint from the facts themselves, before any message is built: what {@link AlertFactory} uses
     * to judge a change it may hold, without rendering the message it would not send.
     *
     * @param siteIds the ids of the sites the alert lists (its first {@link AlertFactory#MAX_AFFECTED_SITES})
     */
    static long fingerprint(Object severity, Object urgency, Object certainty, Object response, String country,
                            String admin1, String districtId, int sitesTotal, List<String> siteIds,
                            List<String> nationalityCodes, boolean foreignFatality) {
        long h = FNV_OFFSET;
        h = mix(h, Objects.toString(severity));
        h = mix(h, Objects.toString(urgency));
        h = mix(h, Objects.toString(certainty));
        h = mix(h, Objects.toString(response));
        h = mix(h, country);
        h = mix(h, admin1);
        h = mix(h, districtId);
        h = mix(h, Integer.toString(sitesTotal));
        for (String id : siteIds) {
            h = mix(h, id);
        }
        h = mix(h, "|");
        for (String code : nationalityCodes) {
            h = mix(h, code);
        }
        h = mix(h, foreignFatality ? "foreign-fatal" : "-");
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
