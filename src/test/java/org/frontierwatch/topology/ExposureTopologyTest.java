package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.AlertContent.ExposedNationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The people an alert concerns, through the production topology and the seed story: every message counts the foreign
 * workers at the sites it covers, in JSON and CAP, and a rule's {@code min_exposed_workers} holds back alerts for
 * sites with fewer.
 */
class ExposureTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FATALITIES = "district-fatalities";
    private static final String SHOHIN = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldCountTheForeignWorkersOfEveryCoveredSiteInEachSeedStoryMessage() {
        harness.seedScenario();
        List<Alert> alerts = harness.alerts();
        assertEquals(Fixtures.SEED_ALERTS, TopologyHarness.keys(alerts), "exposure changes no message of the story");
        MapReferenceData reference = Fixtures.sampleReference();
        for (Alert a : alerts) {
            AlertContent c = a.content();
            assertFalse(c.affectedSitesTruncated(), a.key());
            Map<String, Integer> expected = new TreeMap<>();
            for (AffectedSite listed : c.affectedSites()) {
                Site site = reference.site(listed.siteId()).orElseThrow();
                site.workers().forEach((code, n) -> {
                    if (!code.equals(site.country())) {
                        expected.merge(code, n, Integer::sum);
                    }
                });
            }
            Map<String, Integer> got = new TreeMap<>();
            c.exposure().forEach(n -> got.put(n.code(), n.workers()));
            assertEquals(expected, got, a.key());
            assertEquals(expected.values().stream().mapToInt(Integer::intValue).sum(), c.exposedWorkers(), a.key());
        }
        Alert shohin = alerts.stream().filter(a -> a.key().equals(SHOHIN)).findFirst().orElseThrow();
        assertEquals("40 Chinese, 4 Russian workers at 2 sites", shohin.content().exposureSummary());
        assertEquals(List.of(new ExposedNationality("CN", "Chinese", 40), new ExposedNationality("RU", "Russian", 4)),
                shohin.content().exposure(), "most first, with the demonym the text uses");
        Alert darvoz = alerts.stream().filter(a -> a.key().equals("foreign-workers-killed/tj-darvoz/2025-11-30"))
                .findFirst().orElseThrow();
        assertEquals("35 Chinese workers at 1 site", darvoz.content().exposureSummary());
    }

    @Test
    void shouldPutTheExposureIntoEveryCapDocumentAsParametersThatValidate() {
        harness.seedScenario();
        List<TestRecord<String, String>> cap = harness.capRecords();
        assertEquals(Fixtures.SEED_ALERTS.size(), cap.size());
        for (TestRecord<String, String> doc : cap) {
            CapSchema.assertValid(doc.value());
        }
        String shohin = cap.get(1).value();
        assertTrue(shohin.contains("<valueName>exposed_workers</valueName><value>44</value>"), shohin);
        assertTrue(shohin.contains("<valueName>exposed_nationality</valueName><value>CN 40</value>"), shohin);
        assertTrue(shohin.contains("<valueName>exposure</valueName>"
                + "<value>40 Chinese, 4 Russian workers at 2 sites</value>"), shohin);
    }

    @Test
    void shouldRaiseNoAlertForSitesWithFewerForeignWorkersThanTheRuleAsksUntilACampArrives() throws Exception {
        Map<String, String> shipped = RuleDocuments.ofFile(Fixtures.RULES.toString(), Files.readString(Fixtures.RULES));
        ObjectNode rule = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        rule.put("min_exposed_workers", 44); // Shamsiddin Shohin's sites employ 44 foreign workers, Darvoz's 35
        harness.rule(FATALITIES, JSON.writeValueAsString(rule));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        harness.seedScenario();
        List<String> keys = TopologyHarness.keys(harness.alerts());
        assertTrue(keys.contains("Alert " + SHOHIN), keys.toString());
        // Two more dead in Darvoz cross its Prepare threshold (RuleChangeTopologyTest: the shipped rule fires), but
        // its one site employs 35 foreign workers.
        harness.report(Fixtures.seedReports().get(1).replace("\"TJK-2025-0002\"", "\"TJK-2025-0902\""));
        List<String> held = TopologyHarness.keys(harness.alerts());
        assertTrue(held.stream().noneMatch(k -> k.contains("district-fatalities/tj-darvoz")), held.toString());

        // A camp of 20 Chinese workers registers in Darvoz; the district's next casualties raise the alert.
        harness.site("tj-darvoz-new-camp", "{\"site_id\":\"tj-darvoz-new-camp\",\"name\":\"Darvoz new camp\","
                + "\"operator\":\"Sample Builders\",\"operator_country\":\"CN\",\"sector\":\"construction\","
                + "\"country\":\"TJ\",\"admin1\":\"Gorno-Badakhshan\",\"admin2\":\"Darvoz\",\"latitude\":38.4,"
                + "\"longitude\":70.8,\"workers\":{\"CN\":20,\"TJ\":5}}");
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        harness.report(Fixtures.seedReports().get(1).replace("\"TJK-2025-0002\"", "\"TJK-2025-0903\""));
        List<Alert> after = harness.alerts();
        Alert darvoz = after.stream().filter(a -> a.key().startsWith("district-fatalities/tj-darvoz"))
                .findFirst().orElseThrow(() -> new AssertionError(TopologyHarness.keys(after).toString()));
        assertEquals(55, darvoz.content().exposedWorkers());
        assertEquals("55 Chinese workers at 2 sites", darvoz.content().exposureSummary());
    }
}
