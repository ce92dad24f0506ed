package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules changed on the rules topic while the seed story's state is held, through the production topology: a changed
 * threshold judges the held incidents again at once, a bad record changes nothing, a deleted or restructured rule
 * withdraws its alerts.
 */
class RuleChangeTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FATALITIES = "district-fatalities";
    private static final String SHOHIN = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";

    private TopologyHarness harness;
    private Map<String, String> shipped;

    @BeforeEach
    void setUp() throws Exception {
        harness = new TopologyHarness().withSampleReferenceData();
        shipped = RuleDocuments.ofFile(Fixtures.RULES.toString(), Files.readString(Fixtures.RULES));
        harness.seedScenario();
        harness.alerts(); // the seed story's messages: read and set aside
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** The shipped district-fatalities rule with its Evacuate level's threshold set to {@code min}. */
    private String fatalitiesWithEvacuateAt(int min) throws Exception {
        ObjectNode rule = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        ((ObjectNode) rule.get("levels").get(1)).put("min", min);
        return JSON.writeValueAsString(rule);
    }

    /** Publishes a rule and lets the wall clock reach the evaluator's once-a-second look at the rules. */
    private List<Alert> publish(String key, String json) {
        harness.rule(key, json);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        return harness.alerts();
    }

    @Test
    void shouldBringTheShohinAdvisoryDownToPrepareAtOnceWhenTheEvacuateThresholdIsRaisedAndBackWhenLowered()
            throws Exception {
        List<Alert> raised = publish(FATALITIES, fatalitiesWithEvacuateAt(10));
        assertEquals(List.of("Update " + SHOHIN), TopologyHarness.keys(raised));
        Alert down = raised.get(0);
        assertEquals(ResponseType.Prepare, down.content().response());
        String newVersion = RuleDocuments.version(fatalitiesWithEvacuateAt(10));
        assertEquals(newVersion, down.content().ruleVersion(), "the Update names the version it was judged under");

        List<Alert> lowered = publish(FATALITIES, shipped.get(FATALITIES));
        assertEquals(List.of("Update " + SHOHIN), TopologyHarness.keys(lowered));
        assertEquals(ResponseType.Evacuate, lowered.get(0).content().response());
        assertEquals(RuleDocuments.version(shipped.get(FATALITIES)), lowered.get(0).content().ruleVersion());
        assertEquals(down.alertId(), lowered.get(0).references().get(lowered.get(0).references().size() - 1)
                .alertId(), "one alert: the next message references the one before");
    }

    @Test
    void shouldSendNothingWhenTheSameVersionIsPublishedAgainOrOnlyTheDescriptionChanged() throws Exception {
        assertEquals(List.of(), publish(FATALITIES, shipped.get(FATALITIES)));
        ObjectNode rule = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        rule.put("description", "reworded");
        assertEquals(List.of(), publish(FATALITIES, JSON.writeValueAsString(rule)));
    }

    @Test
    void shouldDeadLetterABadRuleAndKeepTheVersionInForce() throws Exception {
        String wrongKey = fatalitiesWithEvacuateAt(10);
        assertEquals(List.of(), publish("another-id", wrongKey), "a rule under another id's key changes nothing");
        ObjectNode noLevels = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        noLevels.remove("levels");
        assertEquals(List.of(), publish(FATALITIES, JSON.writeValueAsString(noLevels)));
        assertEquals(List.of(), publish(FATALITIES, "{not json"));
        ObjectNode misspelt = (ObjectNode) JSON.readTree(fatalitiesWithEvacuateAt(10));
        misspelt.set("levles", misspelt.remove("levels"));
        assertEquals(List.of(), publish(FATALITIES, JSON.writeValueAsString(misspelt)));

        List<ProducerRecord<byte[], byte[]>> dead = harness.referenceDeadLetters;
        assertEquals(4, dead.size());
        for (ProducerRecord<byte[], byte[]> d : dead) {
            assertEquals("invalid_rule", header(d, Names.HEADER_REASON));
            assertEquals(harness.config.topics().rules(), header(d, Names.HEADER_TOPIC));
        }
        assertTrue(header(dead.get(0), Names.HEADER_DETAIL).contains("is not the record key"),
                header(dead.get(0), Names.HEADER_DETAIL));
        assertTrue(header(dead.get(1), Names.HEADER_DETAIL).contains(".levels: must be a non-empty list"),
                header(dead.get(1), Names.HEADER_DETAIL));
        assertTrue(header(dead.get(3), Names.HEADER_DETAIL).contains(".levles: unknown key"),
                header(dead.get(3), Names.HEADER_DETAIL));
        assertEquals(4.0, harness.metrics.count("frontierwatch.rules.rejected", "reason", "invalid_rule"));

        // The shipped version still fires: two more dead in Darvoz (two already) cross its Prepare threshold of 3.
        harness.report(Fixtures.seedReports().get(1).replace("\"TJK-2025-0002\"", "\"TJK-2025-0902\""));
        Alert darvoz = harness.alerts().stream().filter(a -> a.content().ruleId().equals(FATALITIES)).findFirst()
                .orElseThrow();
        assertEquals("Alert district-fatalities/tj-darvoz/2025-11-30", darvoz.msgType() + " " + darvoz.key());
        assertEquals(RuleDocuments.version(shipped.get(FATALITIES)), darvoz.content().ruleVersion());
    }

    @Test
    void shouldCancelTheOpenAlertsOfARuleTakenOutOfForce() {
        List<Alert> out = publish(FATALITIES, null);
        assertEquals(List.of("Cancel " + SHOHIN), TopologyHarness.keys(out));
        assertTrue(out.get(0).content().instruction().contains("taken out of force"),
                out.get(0).content().instruction());
        // Both districts of the story with deaths hold a group (Darvoz's stayed under the Prepare threshold).
        assertEquals(2.0, harness.metrics.count("frontierwatch.rules.reevaluated.groups", "rule", FATALITIES,
                "cause", "rule_deleted"));

        harness.report(lateShohinReport());
        assertTrue(harness.alerts().stream().noneMatch(a -> a.content().ruleId().equals(FATALITIES)),
                "a rule out of force sends nothing more");
    }

    @Test
    void shouldWithdrawTheAlertsOfARuleWhoseWindowChangedAndMeasureTheHeldIncidentsAgain() throws Exception {
        ObjectNode rule = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        rule.put("window", "P20D");
        String version = RuleDocuments.version(JSON.writeValueAsString(rule));
        List<Alert> out = publish(FATALITIES, JSON.writeValueAsString(rule));
        // The old alert is withdrawn; the held incidents (3 dead on 26 November, 5 on 3 December) are measured
        // again over 20 days, oldest first: a new alert of its own key, Prepare then Evacuate.
        assertEquals(List.of("Cancel " + SHOHIN, "Alert " + SHOHIN + "-2", "Update " + SHOHIN + "-2"),
                TopologyHarness.keys(out));
        assertTrue(out.get(0).content().instruction().contains("measures or groups incidents differently"),
                out.get(0).content().instruction());
        assertEquals(ResponseType.Evacuate, out.get(2).content().response());
        assertEquals(version, out.get(2).content().ruleVersion());
        assertEquals(2.0, harness.metrics.count("frontierwatch.rules.reevaluated.groups", "rule", FATALITIES,
                "cause", "rule_restructured"));
    }

    @Test
    void shouldEvaluateANewRuleOverTheIncidentsAlreadyHeld() throws Exception {
        ObjectNode rule = (ObjectNode) JSON.readTree(shipped.get(FATALITIES));
        rule.put("id", "any-deaths");
        ((ObjectNode) rule.get("levels").get(0)).put("min", 1);
        List<Alert> out = publish("any-deaths", JSON.writeValueAsString(rule));
        assertEquals(List.of("Alert any-deaths/tj-shamsiddin-shohin/2025-11-26",
                "Alert any-deaths/tj-darvoz/2025-11-30",
                "Update any-deaths/tj-shamsiddin-shohin/2025-11-26"), TopologyHarness.keys(out));
        assertEquals(List.of(), publish("any-deaths", JSON.writeValueAsString(rule)), "published twice: once");
    }

    @Test
    void shouldPutANewChineseCampInDarvozIntoItsOpenEvacuationAdvisoryByAnUpdate() {
        String darvoz = "foreign-workers-killed/tj-darvoz/2025-11-30";
        harness.site("tj-new-camp-darvoz", "{\"site_id\":\"tj-new-camp-darvoz\",\"name\":\"New camp, Darvoz\","
                + "\"operator\":\"Example Mining\",\"operator_country\":\"CN\",\"sector\":\"mining\","
                + "\"country\":\"TJ\",\"admin1\":\"Gorno-Badakhshan\",\"admin2\":\"Darvoz\","
                + "\"latitude\":38.5,\"longitude\":70.9,\"workers\":{\"CN\":60}}");
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<Alert> out = harness.alerts();
        Alert update = out.stream().filter(a -> a.key().equals(darvoz)).findFirst().orElseThrow();
        assertEquals(MsgType.Update, update.msgType());
        assertEquals(List.of("tj-crbc-darvoz-road", "tj-new-camp-darvoz"), siteIds(update));
        assertEquals(ResponseType.Evacuate, update.content().response());
        assertTrue(out.stream().allMatch(a -> a.msgType() == MsgType.Update), "only Updates: " + out);

        harness.site("tj-new-camp-darvoz", null);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        Alert removed = harness.alerts().stream().filter(a -> a.key().equals(darvoz)).findFirst().orElseThrow();
        assertEquals(List.of("tj-crbc-darvoz-road"), siteIds(removed), "a removed site leaves the advisory");
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertEquals(List.of(), harness.alerts(), "nothing more while the reference data stays the same");
    }

    private static List<String> siteIds(Alert a) {
        return a.content().affectedSites().stream().map(AlertContent.AffectedSite::siteId).toList();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A report of three more killed in Shamsiddin Shohin, within the seed story's 30-day window. */
    private static String lateShohinReport() {
        String first = Fixtures.seedReports().get(0);
        return first.replace("\"TJK-2025-0001\"", "\"TJK-2025-0901\"");
    }
}
