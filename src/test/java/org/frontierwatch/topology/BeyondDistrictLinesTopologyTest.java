package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.AlertContent.AffectedSite;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Reports;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts that cross district lines, through the production topology and the sample reference data: a radius rule
 * covers the sites within reach of a strike in any district, a district's neighbour window counts an attack from
 * across the river, and an alert's certainty follows how many independent sources reported it.
 */
class BeyondDistrictLinesTopologyTest {

    /** A camp in Hamadoni, 5.0 km west of the strike below, across the district line from Shamsiddin Shohin. */
    private static final String CAMP = "{\"site_id\":\"tj-hamadoni-camp\",\"name\":\"Hamadoni road camp\","
            + "\"operator\":\"Sample Builders\",\"operator_country\":\"CN\",\"sector\":\"construction\","
            + "\"country\":\"TJ\",\"admin1\":\"Khatlon\",\"admin2\":\"Hamadoni\",\"latitude\":37.9,"
            + "\"longitude\":69.893,\"workers\":{\"CN\":30,\"TJ\":10}}";
    /** Sites within 10 km of (37.90, 69.95); 20 km reaches the Shuroobod clinic (10.3) and Shohin compound (15.9). */
    private static final String STRIKE_RULE = "{\"id\":\"strike-nearby\",\"event\":\"Security alert - strike near "
            + "sites\",\"type\":\"immediate\",\"metric\":\"sum\",\"field\":\"fatalities\",\"filter\":"
            + "{\"sub_event_type\":[\"Air/drone strike\"]},\"scope\":\"radius\",\"radius_km\":10,\"levels\":["
            + "{\"min\":1,\"severity\":\"Severe\",\"response\":\"Prepare\",\"certainty\":\"Observed\"},"
            + "{\"min\":5,\"severity\":\"Extreme\",\"response\":\"Evacuate\",\"certainty\":\"Observed\","
            + "\"radius_km\":20}],\"headline\":\"Strike near {site_names}\",\"instruction\":\"{exposure} in reach\"}";
    private static final String SOURCED_RULE = "{\"id\":\"sourced-killings\",\"event\":\"Security alert - killings\","
            + "\"type\":\"windowed\",\"metric\":\"sum\",\"field\":\"fatalities\",\"window\":\"P7D\",\"filter\":"
            + "{\"min_fatalities\":1},\"scope\":\"district\",\"levels\":[{\"min\":1,\"severity\":\"Severe\","
            + "\"response\":\"Prepare\"},{\"min\":3,\"severity\":\"Extreme\",\"response\":\"Evacuate\","
            + "\"min_sources\":2}],\"headline\":\"{fatalities} killed in {district} ({sources} sources)\","
            + "\"instruction\":\"Review plans.\"}";

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
        harness.site("tj-hamadoni-camp", CAMP);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private void publish(String id, String json) {
        harness.rule(id, json);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private static Reports.Builder strike(String id, int fatalities) {
        return Reports.report(id).at(Instant.parse("2025-11-26T12:00:00Z")).eventType("Explosions/Remote violence")
                .subEventType("Air/drone strike").country("TJ").admin1("Khatlon").admin2("Shamsiddin Shohin")
                .coordinates(37.90, 69.95).geoPrecision(1).fatalities(fatalities).victims("CN");
    }

    private void report(IncidentReport r) {
        try {
            harness.report(Json.mapper().writeValueAsString(r));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The messages of one rule, in order. */
    private List<Alert> of(String ruleId) {
        return harness.alerts().stream().filter(a -> a.content().ruleId().equals(ruleId)).toList();
    }

    private static Map<String, Double> distances(Alert a) {
        Map<String, Double> out = new TreeMap<>();
        for (AffectedSite s : a.content().affectedSites()) {
            out.put(s.siteId(), s.distanceKm());
        }
        return out;
    }

    @Test
    void shouldCoverTheCampAcrossTheDistrictLineAndNotTheSitesFurtherAway() {
        publish("strike-nearby", STRIKE_RULE);
        report(strike("TJK-9001", 1).build());
        List<Alert> alerts = of("strike-nearby");
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals(Map.of("tj-hamadoni-camp", 5.0), distances(a), "5 km across the line, in Hamadoni");
        assertEquals("30 Chinese workers at 1 site in reach", a.content().instruction());
        assertEquals(List.of(new AlertContent.Circle(37.9, 69.95, 10)), a.content().circles());

        String cap = harness.capRecords().stream().map(TestRecord::value)
                .filter(x -> x.contains("strike-nearby/TJK-9001")).findFirst().orElseThrow();
        CapSchema.assertValid(cap);
        assertTrue(cap.contains("<circle>37.90000,69.95000 10.0</circle>"), cap);
        assertTrue(cap.contains("Hamadoni road camp (Sample Builders, 5.0 km away)"), cap);
    }

    @Test
    void shouldReachFurtherAtTheLevelThatAsksForAWiderRadius() {
        publish("strike-nearby", STRIKE_RULE);
        report(strike("TJK-9002", 6).build());
        Alert a = of("strike-nearby").get(0);
        assertEquals(ResponseType.Evacuate, a.content().response());
        // Farkhor's road works, 66 km away, stay out.
        assertEquals(Map.of("tj-hamadoni-camp", 5.0, "tj-sample-shohin-clinic", 10.3, "tj-shohin-sm-compound", 15.9),
                distances(a));
        assertEquals(20.0, a.content().circles().get(0).radiusKm());
    }

    @Test
    void shouldWidenTheRadiusForAnApproximatePlaceAndFallBackToTheDistrictForARegion() {
        publish("strike-nearby", STRIKE_RULE);
        report(strike("TJK-9003", 1).geoPrecision(2).build());
        Alert near = of("strike-nearby").get(0);
        assertEquals(35.0, near.content().circles().get(0).radiusKm(), "10 km + 25 km for geo-precision 2");
        assertEquals(List.of("tj-hamadoni-camp", "tj-sample-shohin-clinic", "tj-shohin-sm-compound"),
                List.copyOf(distances(near).keySet()));

        report(strike("TJK-9004", 1).geoPrecision(3).build());
        report(strike("TJK-9005", 1).coordinates(null, null).build());
        for (Alert region : of("strike-nearby")) {
            assertEquals(Arrays.asList("tj-sample-shohin-clinic", "tj-shohin-sm-compound"),
                    List.copyOf(distances(region).keySet()), "the district's sites: " + region.key());
            assertTrue(distances(region).values().stream().allMatch(d -> d == null), "no distance without a point");
            assertEquals(List.of(), region.content().circles());
        }
    }

    @Test
    void shouldCountAnAttackFromAcrossTheRiverInTheFacingDistrictsWindow() {
        report(Reports.report("AFG-9001").at(Instant.parse("2025-11-26T12:00:00Z")).eventType("Battles")
                .subEventType("Armed clash").country("AF").admin1("Badakhshan").admin2("Khwahan").fatalities(4)
                .victims("AF").build());
        List<Alert> alerts = of("district-fatalities");
        Alert shohin = alerts.stream()
                .filter(a -> a.key().equals("district-fatalities/tj-shamsiddin-shohin/2025-11-26")).findFirst()
                .orElseThrow(() -> new AssertionError(TopologyHarness.keys(alerts)));
        assertEquals(MsgType.Alert, shohin.msgType());
        assertEquals(ResponseType.Prepare, shohin.content().response());
        assertEquals("tj-shamsiddin-shohin", shohin.content().districtId(), "the window's district");
        assertEquals("TJ", shohin.content().country());
        assertEquals(List.of("tj-sample-shohin-clinic", "tj-shohin-sm-compound"),
                shohin.content().affectedSites().stream().map(AffectedSite::siteId).toList());
        assertEquals("4 killed in Shamsiddin Shohin and neighbouring Khwahan within 30 days",
                shohin.content().headline());
        // Khwahan's own window (no site there) fires too; it lists no neighbour, so nothing else counts in it.
        assertTrue(alerts.stream().anyMatch(a -> a.key().equals("district-fatalities/af-khwahan/2025-11-26")),
                TopologyHarness.keys(alerts).toString());
        assertEquals(2, alerts.size(), TopologyHarness.keys(alerts).toString());
    }

    @Test
    void shouldRaiseCertaintyAndTheLevelAsIndependentSourcesCorroborateAnIncident() {
        publish("sourced-killings", SOURCED_RULE);
        Reports.Builder attack = Reports.report("TJK-9101").at(Instant.parse("2025-11-26T12:00:00Z"))
                .eventType("Violence against civilians").subEventType("Attack").country("TJ").admin1("Khatlon")
                .admin2("Shamsiddin Shohin").fatalities(3).victims("CN");
        report(attack.sources("Asia-Plus").build());
        List<Alert> first = of("sourced-killings");
        assertEquals(1, first.size());
        assertEquals(Certainty.Possible, first.get(0).content().certainty(), "one source");
        assertEquals(ResponseType.Prepare, first.get(0).content().response(), "Evacuate asks for two sources");
        assertEquals("3 killed in Shamsiddin Shohin (1 sources)", first.get(0).content().headline());

        report(attack.revision(2).sources("Radio Ozodi").build());
        List<Alert> second = of("sourced-killings");
        assertEquals(1, second.size(), "one Update at once");
        assertEquals(MsgType.Update, second.get(0).msgType());
        assertEquals(Certainty.Likely, second.get(0).content().certainty());
        assertEquals(ResponseType.Evacuate, second.get(0).content().response());
        assertEquals(2, second.get(0).content().sources(), "the first revision's source still counts");

        report(attack.revision(3).sources("asia-plus ").build());
        assertEquals(List.of(), of("sourced-killings"), "the same source again, however spelt, adds nothing");

        report(attack.revision(4).sources("Khatlon regional administration").sourceScale("official").build());
        List<Alert> fourth = of("sourced-killings");
        assertEquals(1, fourth.size());
        assertEquals(Certainty.Observed, fourth.get(0).content().certainty(), "a first-hand source");
        assertEquals(3, fourth.get(0).content().sources());
    }

    @Test
    void shouldSendTheCorroboratingSourceAtOnceEvenWhileACountOnlyUpdateIsHeld() {
        publish("sourced-killings", SOURCED_RULE);
        Reports.Builder attack = Reports.report("TJK-9103").at(Instant.parse("2025-11-26T12:00:00Z"))
                .eventType("Violence against civilians").subEventType("Attack").country("TJ").admin1("Khatlon")
                .admin2("Shamsiddin Shohin").fatalities(3).victims("CN").sources("Asia-Plus");
        report(attack.build());
        assertEquals(List.of("Alert sourced-killings/tj-shamsiddin-shohin/2025-11-26"),
                TopologyHarness.keys(of("sourced-killings")));
        // One more dead an hour later, from the same wire: a count-only change, held by the 6-hour cadence.
        report(Reports.report("TJK-9104").at(Instant.parse("2025-11-26T13:00:00Z")).eventType("Battles")
                .subEventType("Armed clash").country("TJ").admin1("Khatlon").admin2("Shamsiddin Shohin")
                .fatalities(1).victims("TJ").sources("Asia-Plus").build());
        assertEquals(List.of(), of("sourced-killings"), "count-only: held");
        // A second source for the first attack changes nothing counted, but it lets Evacuate fire.
        report(attack.revision(2).sources("Radio Ozodi").build());
        List<Alert> sent = of("sourced-killings");
        assertEquals(1, sent.size(), "the material change goes out at once, with the held count");
        assertEquals(ResponseType.Evacuate, sent.get(0).content().response());
        assertEquals(Certainty.Likely, sent.get(0).content().certainty());
        assertEquals(4, sent.get(0).content().fatalities());
    }

    @Test
    void shouldRaiseAnAlertHeldForWantOfSourcesWhenTheSecondSourceArrives() {
        String evacuateOnly = SOURCED_RULE.replace("{\"min\":1,\"severity\":\"Severe\",\"response\":\"Prepare\"},",
                "");
        publish("sourced-killings", evacuateOnly);
        Reports.Builder attack = Reports.report("TJK-9102").at(Instant.parse("2025-11-26T12:00:00Z"))
                .eventType("Violence against civilians").subEventType("Attack").country("TJ").admin1("Khatlon")
                .admin2("Shamsiddin Shohin").fatalities(3).victims("CN");
        report(attack.source("Asia-Plus").build());
        assertEquals(List.of(), of("sourced-killings"), "one source: no level holds");
        report(attack.revision(2).source("Radio Ozodi").build());
        List<Alert> raised = of("sourced-killings");
        assertEquals(1, raised.size());
        assertEquals(MsgType.Alert, raised.get(0).msgType());
        assertEquals(Certainty.Likely, raised.get(0).content().certainty());
        assertNull(raised.get(0).content().affectedSites().get(0).distanceKm(), "a district rule measures no distance");
    }
}
