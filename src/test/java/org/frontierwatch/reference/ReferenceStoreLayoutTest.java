package org.frontierwatch.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Site;
import org.junit.jupiter.api.Test;

/** The stored key layout is a storage format: these keys are what existing stores and changelogs hold. */
class ReferenceStoreLayoutTest {

    private static Site site(String id, String country, String admin2) {
        return new Site(id, "name", "operator", "CN", "mining", country, "Khatlon", admin2, null, null, Map.of());
    }

    @Test
    void shouldKeepSitesUnderTheirIdAndIndexThemByCountryAndAdmin2Slug() {
        assertEquals("tj-site", ReferenceStoreLayout.siteKey("tj-site"));
        assertEquals("\u0000d:TJ:shamsiddin-shohin:tj-site",
                ReferenceStoreLayout.siteIndexKey(site("tj-site", "TJ", "Šamsiddin Šohin")));
        assertEquals("\u0000d:TJ:shamsiddin-shohin:", ReferenceStoreLayout.siteIndexPrefix("TJ", "shamsiddin-shohin"));
        assertNull(ReferenceStoreLayout.siteIndexKey(site("tj-site", "TJ", " ")));
        assertNull(ReferenceStoreLayout.siteIndexKey(site("tj-site", null, "Panj")));
        assertTrue(ReferenceStoreLayout.isSiteIndexKey("\u0000d:TJ:panj:s"));
        assertFalse(ReferenceStoreLayout.isSiteIndexKey("tj-site"));
    }

    @Test
    void shouldKeepNationalitiesUnderTheirCodeAndDistrictsUnderIdAndNames() {
        assertEquals("CN", ReferenceStoreLayout.nationalityKey("CN"));
        assertEquals("id:tj-panj", ReferenceStoreLayout.districtIdKey("tj-panj"));
        assertEquals("name:TJ:shamsiddin-shohin", ReferenceStoreLayout.districtNameKey("TJ", "SHAMSIDDIN Shohin"));
        assertEquals("name:TJ:panj", ReferenceStoreLayout.districtSlugKey("TJ", "panj"));
    }

    @Test
    void shouldIndexADistrictUnderItsIdNameAndAliasesInThatOrderSkippingBlanks() {
        District d = new District("tj-panj", "TJ", "Khatlon", "Panj", List.of("Pyandzh", " ", "Kirovabad"),
                List.of("AF"));
        assertEquals(List.of("tj-panj", "Panj", "Pyandzh", "Kirovabad"), ReferenceStoreLayout.districtNames(d));
    }
}
