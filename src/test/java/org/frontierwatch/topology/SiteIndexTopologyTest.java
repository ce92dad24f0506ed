package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sites store's district index (a prefix scan per district name instead of reading every site) gives the same
 * affected sites as resolving every site's admin2 through the gazetteer, whatever order reference records arrive in.
 */
class SiteIndexTopologyTest {

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private static String district() {
        return "{\"district_id\":\"zz-one\",\"country\":\"TJ\",\"admin1\":\"Test\",\"name\":\"Zed One\","
                + "\"aliases\":[\"Zëd Uno\"],\"borders\":[\"AF\"]}";
    }

    private static String site(String id, String admin2) {
        return "{\"site_id\":\"" + id + "\",\"name\":\"Site " + id + "\",\"country\":\"TJ\",\"admin2\":\"" + admin2
                + "\",\"workers\":{\"CN\":5}}";
    }

    /** A district-scoped alert (district-fatalities: 3 killed) in district zz-one; its affected site ids. */
    private List<String> affectedSites(String id, String occurredAt) {
        harness.report(Fixtures.with(Fixtures.report(id, occurredAt), Map.of("admin2", "Zed One", "fatalities", 3))
                .toString());
        List<Alert> alerts = harness.alerts().stream().filter(a -> a.content().ruleId().equals("district-fatalities"))
                .toList();
        return alerts.get(alerts.size() - 1).content().affectedSites().stream().map(AlertContent.AffectedSite::siteId)
                .toList();
    }

    @Test
    void shouldFindSitesByAnyNameOfTheirDistrictEvenWhenTheyArriveBeforeTheDistrict() {
        harness.site("s-2", site("s-2", "ZED UNO"));
        harness.site("s-1", site("s-1", "zed one"));
        harness.site("s-3", site("s-3", "Elsewhere"));
        harness.district("zz-one", district());
        assertEquals(List.of("s-1", "s-2"), affectedSites("r1", "2025-11-20T00:00:00Z"));
    }

    @Test
    void shouldDropASiteFromItsOldDistrictWhenItMovesOrIsDeleted() {
        harness.district("zz-one", district());
        harness.site("s-1", site("s-1", "Zed One"));
        harness.site("s-2", site("s-2", "zz-one"));
        harness.site("s-1", site("s-1", "Elsewhere"));
        harness.site("s-2", null);
        harness.site("s-4", site("s-4", "Zed One"));
        assertEquals(List.of("s-4"), affectedSites("r1", "2025-11-20T00:00:00Z"));
    }
}
