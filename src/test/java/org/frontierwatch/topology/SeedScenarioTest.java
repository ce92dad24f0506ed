package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The acceptance case: the seed story, replayed through the production topology with the default rules. */
class SeedScenarioTest {

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private static List<String> siteIds(Alert a) {
        return a.content().affectedSites().stream().map(AffectedSite::siteId).toList();
    }

    @Test
    void shouldTurnTheSeedStoryIntoTheExpectedAlertsInOrder() {
        harness.seedScenario();
        List<TestRecord<String, Alert>> records = harness.alertRecords();
        List<Alert> alerts = records.stream().map(TestRecord::value).toList();

        assertEquals(Fixtures.SEED_ALERTS, TopologyHarness.keys(alerts));
        records.forEach(r -> assertEquals(r.value().key(), r.key(), "Kafka key is the alert key"));
    }

    @Test
    void shouldIssueEvacuationAdvisoryWhenForeignWorkersAreKilled() {
        harness.report(Fixtures.seedReports().get(0));
        List<Alert> alerts = harness.alerts();
        Alert evacuate = alerts.get(0);
        assertEquals("foreign-workers-killed", evacuate.content().ruleId());
        assertEquals(Severity.Extreme, evacuate.content().severity());
        assertEquals(ResponseType.Evacuate, evacuate.content().response());
        assertEquals("tj-shamsiddin-shohin", evacuate.content().districtId());
        assertEquals("Shamsiddin Shohin", evacuate.content().district());
        assertEquals(List.of("tj-shohin-sm-compound"), siteIds(evacuate), "only the Chinese-staffed site");
        assertEquals(List.of("TJK-2025-0001"), evacuate.content().incidentIds());
        assertEquals(3, evacuate.content().fatalities());
        assertEquals("CN", evacuate.content().nationalities().get(0).code());
        assertEquals("Embassy of the People's Republic of China in Dushanbe",
                evacuate.content().nationalities().get(0).embassyContact());
        assertTrue(evacuate.content().headline().contains("Chinese"), evacuate.content().headline());

        Alert fatalities = alerts.get(1);
        assertEquals(List.of("tj-sample-shohin-clinic", "tj-shohin-sm-compound"), siteIds(fatalities),
                "district scope covers every site of the district");
        assertEquals(Severity.Severe, fatalities.content().severity());
        assertEquals(ResponseType.Prepare, fatalities.content().response());
    }

    @Test
    void shouldAdviseEvacuationOfEveryChineseStaffedBorderSiteAfterTheSecondAttackWithinSevenDays() {
        List<String> seed = Fixtures.seedReports();
        harness.report(seed.get(0));
        harness.alerts();
        harness.report(seed.get(1));
        List<Alert> alerts = harness.alerts();
        assertEquals(2, alerts.size(), TopologyHarness.keys(alerts).toString());

        Alert darvoz = alerts.get(0);
        assertEquals("foreign-workers-killed/tj-darvoz/2025-11-30", darvoz.key());
        assertEquals(List.of("tj-crbc-darvoz-road"), siteIds(darvoz));

        Alert advisory = alerts.get(1);
        assertEquals(MsgType.Alert, advisory.msgType());
        assertEquals(ResponseType.Evacuate, advisory.content().response());
        assertEquals(Map.of("country", "TJ", "foreign_victim_nationality", "CN"), advisory.content().group());
        assertEquals(List.of("TJK-2025-0001", "TJK-2025-0002"), advisory.content().incidentIds());
        assertEquals(List.of("tj-crbc-darvoz-road", "tj-sample-ishkoshim-mine", "tj-sample-vanj-hydro",
                "tj-shohin-sm-compound"), siteIds(advisory),
                "Chinese-staffed sites of border districts only: not the inland Dushanbe plant, not the Turkish, "
                        + "Iranian or Russian sites");
        assertEquals(List.of("CN"), advisory.content().nationalities().stream()
                .map(AlertContent.NationalityAtRisk::code).toList());
        assertEquals(null, advisory.content().districtId(), "the advisory spans several districts");
    }

    @Test
    void shouldRaiseBorderSecurityAlertEscalateFatalitiesAndNoteWeaponsCacheAfterTheIncursion() {
        List<String> seed = Fixtures.seedReports();
        harness.report(seed.get(0));
        harness.report(seed.get(1));
        harness.alerts();
        harness.report(seed.get(2));
        List<Alert> clash = harness.alerts();
        assertEquals(2, clash.size(), TopologyHarness.keys(clash).toString());
        Alert border = clash.get(0);
        assertEquals("cross-border-incursions", border.content().ruleId());
        assertEquals(List.of("TJK-2025-0001", "TJK-2025-0003"), border.content().incidentIds(),
                "the drone strike written 'Shohin' and the clash written 'Shamsiddin Shokhin' are one district");
        assertEquals(2, border.content().count());

        Alert escalation = clash.get(1);
        assertEquals(MsgType.Update, escalation.msgType());
        assertEquals(Severity.Extreme, escalation.content().severity());
        assertEquals(ResponseType.Evacuate, escalation.content().response());
        assertEquals(8, escalation.content().fatalities());
        assertEquals(1, escalation.references().size());
        assertEquals("district-fatalities/tj-shamsiddin-shohin/2025-11-26#1", escalation.references().get(0).alertId());
        assertEquals("district-fatalities/tj-shamsiddin-shohin/2025-11-26#2", escalation.alertId());

        harness.report(seed.get(3));
        List<Alert> cache = harness.alerts();
        assertEquals(1, cache.size());
        assertEquals(ResponseType.Monitor, cache.get(0).content().response());
        assertEquals("weapons-cache", cache.get(0).content().ruleId());
    }

    @Test
    void shouldProduceNoNewAlertWhenEveryReportIsSentAgain() {
        harness.seedScenario();
        assertEquals(7, harness.alerts().size());
        harness.seedScenario();
        assertEquals(List.of(), harness.alerts());
        assertEquals(List.of(), harness.deadLetters(), "duplicates are not errors");
        assertEquals(4.0, harness.metrics.count("frontierwatch.reports.duplicate"));
    }

    @Test
    void shouldWriteEveryAlertAsValidCap12() {
        harness.seedScenario();
        List<TestRecord<String, String>> cap = harness.capRecords();
        assertEquals(7, cap.size());
        for (TestRecord<String, String> doc : cap) {
            CapSchema.assertValid(doc.value());
        }
        String advisory = cap.get(3).value();
        assertTrue(advisory.contains("<msgType>Alert</msgType>"), advisory);
        assertTrue(advisory.contains("<category>Security</category>"), advisory);
        assertTrue(advisory.contains("<responseType>Evacuate</responseType>"), advisory);
        assertEquals(4, advisory.split("<circle>", -1).length - 1, "a circle around each affected site: " + advisory);
        assertEquals(4, advisory.split("<area>", -1).length - 1, "one area per district: " + advisory);
        String update = cap.get(5).value();
        assertTrue(update.contains("<references>frontier-watch,district-fatalities/tj-shamsiddin-shohin/2025-11-26#1,"),
                update);
    }

    @Test
    void shouldListAlertsByRuleInPublishedMetrics() {
        harness.seedScenario();
        Map<String, Double> byRule = harness.alerts().stream().collect(Collectors.groupingBy(a -> a.content().ruleId(),
                Collectors.summingDouble(a -> 1.0)));
        for (Map.Entry<String, Double> e : byRule.entrySet()) {
            double counted = harness.metrics.registry().find("frontierwatch.alerts.published")
                    .tag("rule", e.getKey()).counters().stream().mapToDouble(c -> c.count()).sum();
            assertEquals(e.getValue(), counted, e.getKey());
        }
    }
}
