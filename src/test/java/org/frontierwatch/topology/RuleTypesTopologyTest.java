package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.RulesLoader;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/** Rule types, group-bys and scopes the default rules do not use, through the production topology. */
class RuleTypesTopologyTest {

    private static final String RULES = """
            rules:
              - id: many-sites-hit
                event: Several sites attacked
                type: windowed
                metric: distinct_count
                field: site_id
                window: P3D
                group_by: [admin1]
                scope: site
                levels:
                  - {min: 2, severity: Severe, response: Shelter}
                headline: "{metric} sites attacked in {admin1}"
                instruction: "Shelter at {site_names}"
              - id: nationals-injured
                event: Nationals injured
                type: windowed
                metric: sum
                field: injured
                window: P1D
                group_by: [victim_nationality]
                scope: district_victim_nationality
                levels:
                  - {min: 5, severity: Moderate, response: Prepare}
                headline: "{metric} injured: {nationalities}"
                instruction: "Prepare"
            """;

    private static List<String> siteIds(Alert a) {
        return a.content().affectedSites().stream().map(AlertContent.AffectedSite::siteId).toList();
    }

    @Test
    void shouldCountDistinctSitesPerAdmin1AndScopeToTheSitesHit() {
        try (TopologyHarness h = new TopologyHarness(AppConfig.defaults(RulesLoader.parse("test-rules.yaml", RULES)))
                .withSampleReferenceData()) {
            h.report(Fixtures.with(Fixtures.report("a", "2025-11-20T00:00:00Z"),
                    Map.of("site_id", "tj-sample-panj-cotton")).toString());
            h.report(Fixtures.with(Fixtures.report("b", "2025-11-21T00:00:00Z"),
                    Map.of("site_id", "tj-sample-panj-cotton")).toString());
            assertEquals(List.of(), h.deadLetters().stream().map(r -> TopologyHarness.header(r, "dlq.detail"))
                    .toList());
            assertEquals(List.of(), h.alerts(), "one distinct site so far");
            h.report(Fixtures.with(Fixtures.report("c", "2025-11-22T00:00:00Z"),
                    Map.of("admin2", "Farkhor", "site_id", "tj-sample-farkhor-road")).toString());
            List<Alert> alerts = h.alerts();
            assertEquals(List.of("Alert many-sites-hit/TJ~khatlon/2025-11-20"), TopologyHarness.keys(alerts));
            assertEquals(List.of("tj-sample-farkhor-road", "tj-sample-panj-cotton"), siteIds(alerts.get(0)));
            assertEquals("2 sites attacked in Khatlon", alerts.get(0).content().headline());
        }
    }

    @Test
    void shouldSumInjuriesPerVictimNationalityAndCoverTheSitesEmployingIt() {
        try (TopologyHarness h = new TopologyHarness(AppConfig.defaults(RulesLoader.parse("test-rules.yaml", RULES)))
                .withSampleReferenceData()) {
            h.report(Fixtures.with(Fixtures.report("a", "2025-11-20T00:00:00Z"), Map.of("admin2", "Vanj",
                    "injured", 3, "victim_nationalities", List.of("CN", "TJ"))).toString());
            h.report(Fixtures.with(Fixtures.report("b", "2025-11-20T06:00:00Z"), Map.of("admin2", "Vanj",
                    "injured", 2, "victim_nationalities", List.of("CN"))).toString());
            List<Alert> alerts = h.alerts();
            assertEquals(List.of("Alert nationals-injured/CN/2025-11-20"), TopologyHarness.keys(alerts),
                    "CN: 3 + 2 = 5; TJ: 3 only");
            assertEquals(List.of("tj-sample-vanj-hydro"), siteIds(alerts.get(0)));
            assertEquals("5 injured: Chinese", alerts.get(0).content().headline());
        }
    }
}
