package org.frontierwatch.topology;

import static org.frontierwatch.testing.TopologyHarness.header;
import static org.frontierwatch.testing.TopologyHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation, dead letters, duplicates, revisions, retractions, lateness and enrichment, through the topology. */
class IntakeTopologyTest {

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** A fatal cross-border attack on Chinese workers in Panj: fires foreign-workers-killed on its own. */
    private static ObjectNode fatalAttack(String id, String occurredAt, int fatalities) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", fatalities,
                "victim_nationalities", List.of("CN"), "origin_country", "AF"));
    }

    @Test
    void shouldDeadLetterInvalidReportsWithReasonAndSourceAndKeepProcessing() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b};
        harness.report(utf8("bad-1"), garbage);
        harness.report(utf8("bad-2"), utf8("{\"id\":\"bad-2\",\"occurred_at\":\"2025-11-20T00:00:00Z\","
                + "\"event_type\":\"Earthquake\",\"country\":\"TJ\",\"admin2\":\"Panj\"}"));
        harness.report(fatalAttack("good-1", "2025-11-20T00:00:00Z", 1).toString());

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertEquals(2, dead.size());
        assertArrayEquals(garbage, dead.get(0).value(), "original bytes, untouched");
        assertArrayEquals(utf8("bad-1"), dead.get(0).key(), "original key");
        assertEquals("invalid_json", header(dead.get(0), Names.HEADER_REASON));
        assertEquals("incident-reports", header(dead.get(0), Names.HEADER_TOPIC));
        assertEquals("0", header(dead.get(0), Names.HEADER_PARTITION));
        assertEquals("0", header(dead.get(0), Names.HEADER_OFFSET));
        assertEquals("1", header(dead.get(1), Names.HEADER_OFFSET));
        assertEquals("unknown_event_type", header(dead.get(1), Names.HEADER_REASON));
        assertTrue(header(dead.get(1), Names.HEADER_DETAIL).contains("Earthquake"));

        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20"),
                TopologyHarness.keys(harness.alerts()), "the good report after the bad ones is processed");
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.dead.lettered", "reason", "invalid_json"));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.dead.lettered", "reason", "unknown_event_type"));
    }

    @Test
    void shouldDeadLetterReportsWhoseKeyIsMissingOrIsNotTheirId() {
        String json = fatalAttack("r-1", "2025-11-20T00:00:00Z", 1).toString();
        harness.report(null, utf8(json));
        harness.report(utf8("other-id"), utf8(json));
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertEquals(List.of("missing_key", "key_mismatch"),
                dead.stream().map(r -> header(r, Names.HEADER_REASON)).toList());
        assertEquals(List.of(), harness.alerts());
    }

    @Test
    void shouldNotLetAFarFutureTimestampMakeGoodReportsLate() {
        harness.report(fatalAttack("future", "2100-01-01T00:00:00Z", 9).toString());
        harness.report(fatalAttack("now", "2025-12-01T00:00:00Z", 1).toString());
        assertEquals(List.of("future_timestamp"),
                harness.deadLetters().stream().map(r -> header(r, Names.HEADER_REASON)).toList());
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-12-01"),
                TopologyHarness.keys(harness.alerts()));
    }

    @Test
    void shouldDeadLetterReportsLaterThanTheGracePeriodAndAcceptThoseWithinIt() {
        harness.report(Fixtures.report("latest", "2025-12-05T00:00:00Z").toString());
        harness.report(fatalAttack("within-grace", "2025-11-29T00:00:00Z", 1).toString());
        harness.report(fatalAttack("too-late", "2025-11-27T23:59:59Z", 1).toString());
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();
        assertEquals(1, dead.size());
        assertEquals("late", header(dead.get(0), Names.HEADER_REASON));
        assertArrayEquals(utf8("too-late"), dead.get(0).key());
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-29"),
                TopologyHarness.keys(harness.alerts()));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.dead.lettered", "reason", "late"));
    }

    @Test
    void shouldIgnoreDuplicatesAndOlderRevisions() {
        ObjectNode r2 = Fixtures.with(fatalAttack("r", "2025-11-20T00:00:00Z", 1), Map.of("revision", 2));
        harness.report(r2.toString());
        harness.report(r2.toString());
        harness.report(Fixtures.with(r2, Map.of("revision", 1, "fatalities", 40)).toString());
        List<Alert> alerts = harness.alerts();
        assertEquals(1, alerts.size());
        assertEquals(1, alerts.get(0).content().fatalities());
        assertEquals(2.0, harness.metrics.count("frontierwatch.reports.duplicate"));
        assertEquals(List.of(), harness.deadLetters());
    }

    @Test
    void shouldUpdateAlertsWhenARevisionRaisesFatalitiesWithoutDoubleCounting() {
        ObjectNode base = fatalAttack("r", "2025-11-20T00:00:00Z", 3);
        harness.report(base.toString());
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20",
                "Alert district-fatalities/tj-panj/2025-11-20"), TopologyHarness.keys(harness.alerts()));

        harness.report(Fixtures.with(base, Map.of("revision", 2, "fatalities", 9)).toString());
        List<Alert> updates = harness.alerts();
        // district-fatalities reaches its Extreme level: at once. foreign-workers-killed only counts more
        // fatalities: held for its next message (the update interval), checked below by the wall-clock bound.
        assertEquals(List.of("Update district-fatalities/tj-panj/2025-11-20"), TopologyHarness.keys(updates));
        Alert fatalities = updates.get(0);
        assertEquals(9, fatalities.content().fatalities(), "replaced, not added: 9, not 12");
        assertEquals(Severity.Extreme, fatalities.content().severity());
        assertEquals(List.of("r"), fatalities.content().incidentIds());
        harness.driver.advanceWallClockTime(AlertCadence.DEFAULT_UPDATE_INTERVAL);
        List<Alert> held = harness.alerts();
        assertEquals(List.of("Update foreign-workers-killed/tj-panj/2025-11-20"), TopologyHarness.keys(held));
        assertEquals(9, held.get(0).content().fatalities());
    }

    @Test
    void shouldCancelAlertsThatNoLongerHoldAfterARevisionDown() {
        ObjectNode base = fatalAttack("r", "2025-11-20T00:00:00Z", 3);
        harness.report(base.toString());
        harness.alerts();
        harness.report(Fixtures.with(base, Map.of("revision", 2, "fatalities", 0)).toString());
        List<Alert> cancels = harness.alerts();
        assertEquals(List.of("Cancel foreign-workers-killed/tj-panj/2025-11-20",
                "Cancel district-fatalities/tj-panj/2025-11-20"), TopologyHarness.keys(cancels));
        assertTrue(cancels.stream().allMatch(a -> a.content().response() == ResponseType.AllClear));
        assertEquals("foreign-workers-killed/tj-panj/2025-11-20#1", cancels.get(0).references().get(0).alertId());
    }

    @Test
    void shouldMoveAnIncidentBetweenDistrictsWhenARevisionCorrectsItsLocation() {
        ObjectNode base = fatalAttack("r", "2025-11-20T00:00:00Z", 1);
        harness.report(base.toString());
        harness.alerts();
        harness.report(Fixtures.with(base, Map.of("revision", 2, "admin2", "Farkhor")).toString());
        assertEquals(List.of("Cancel foreign-workers-killed/tj-panj/2025-11-20",
                "Alert foreign-workers-killed/tj-farkhor/2025-11-20"), TopologyHarness.keys(harness.alerts()));
    }

    @Test
    void shouldCancelOnTombstoneAndNotResurrectOnResendOfTheRetractedRevision() {
        String report = fatalAttack("r", "2025-11-20T00:00:00Z", 1).toString();
        harness.report(report);
        harness.alerts();
        harness.retract("r");
        assertEquals(List.of("Cancel foreign-workers-killed/tj-panj/2025-11-20"),
                TopologyHarness.keys(harness.alerts()));
        harness.report(report);
        assertEquals(List.of(), harness.alerts(), "the retracted revision does not come back");
        harness.retract("never-seen");
        assertEquals(List.of(), harness.alerts());
        assertEquals(List.of(), harness.deadLetters());
        assertEquals(1.0, harness.metrics.count("frontierwatch.reports.retracted", "known", "false"));
    }

    @Test
    void shouldRaiseANewAlertUnderANewKeyWhenAHigherRevisionRestoresARetractedIncident() {
        ObjectNode base = fatalAttack("r", "2025-11-20T00:00:00Z", 1);
        harness.report(base.toString());
        harness.retract("r");
        harness.alerts();
        harness.report(Fixtures.with(base, Map.of("revision", 2)).toString());
        List<Alert> alerts = harness.alerts();
        assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20-2"), TopologyHarness.keys(alerts));
    }

    @Test
    void shouldProcessReportsFromUnknownDistrictsAndSitesAndCountTheMisses() {
        harness.report(Fixtures.with(fatalAttack("r", "2025-11-20T00:00:00Z", 1),
                Map.of("admin2", "Nowhere Valley", "site_id", "no-such-site")).toString());
        List<Alert> alerts = harness.alerts();
        assertEquals(List.of("Alert foreign-workers-killed/TJ~nowhere-valley/2025-11-20"),
                TopologyHarness.keys(alerts));
        assertEquals("Nowhere Valley", alerts.get(0).content().district());
        assertEquals(List.of(), alerts.get(0).content().affectedSites());
        assertEquals(1.0, harness.metrics.count("frontierwatch.enrichment.misses", "table", "districts"));
        assertEquals(1.0, harness.metrics.count("frontierwatch.enrichment.misses", "table", "sites"));
    }

    @Test
    void shouldResolveTheDistrictFromTheSiteWhenAdmin2IsAbsent() {
        ObjectNode r = fatalAttack("r", "2025-11-20T00:00:00Z", 1);
        r.remove("admin2");
        r.put("site_id", "tj-crbc-darvoz-road");
        harness.report(r.toString());
        Alert alert = harness.alerts().get(0);
        assertEquals("tj-darvoz", alert.content().districtId());
        assertEquals("Gorno-Badakhshan", alert.content().admin1());
    }

    @Test
    void shouldResolveDistrictNamesIgnoringCaseDiacriticsAndAliases() {
        for (String spelling : List.of("SHAMSIDDIN SHOKHIN", "Šamsiddin Šohin", "shuroobod")) {
            String id = "r-" + spelling.hashCode();
            harness.report(Fixtures.with(Fixtures.report(id, "2025-11-20T00:00:00Z"),
                    Map.of("admin2", spelling, "fatalities", 1, "origin_country", "AF")).toString());
        }
        harness.report(Fixtures.with(Fixtures.report("r-4", "2025-11-21T00:00:00Z"),
                Map.of("admin2", "Shohin", "fatalities", 1, "origin_country", "AF")).toString());
        List<Alert> alerts = harness.alerts();
        assertTrue(alerts.stream().allMatch(a -> "tj-shamsiddin-shohin".equals(a.content().districtId())),
                TopologyHarness.keys(alerts).toString());
        Alert lastIncursion = alerts.stream().filter(a -> a.content().ruleId().equals("cross-border-incursions"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(4, lastIncursion.content().count(), "four spellings, one district");
        assertEquals(Severity.Extreme, lastIncursion.content().severity(),
                "the ladder's second rung at four incursions");
        assertEquals(MsgType.Update, lastIncursion.msgType());
    }

    @Test
    void shouldApplyReferenceTombstonesAndUpdates() {
        harness.site("tj-sample-vanj-hydro", null);
        harness.district("tj-darvoz", null);
        harness.report(Fixtures.with(fatalAttack("r", "2025-11-20T00:00:00Z", 1), Map.of("admin2", "Darvaz"))
                .toString());
        Alert alert = harness.alerts().get(0);
        assertEquals("TJ~darvaz", alert.content().districtId(),
                "the deleted district no longer resolves, aliases included");
        assertNull(alert.content().admin1() == null ? null : alert.content().admin1().equals("Gorno-Badakhshan")
                ? "stale" : null);

        harness.district("tj-darvoz",
                "{\"district_id\":\"tj-darvoz\",\"country\":\"TJ\",\"admin1\":\"Gorno-Badakhshan\","
                + "\"name\":\"Darvoz\",\"aliases\":[\"Darwaz\"],\"borders\":[\"AF\"]}");
        harness.report(Fixtures.with(fatalAttack("r2", "2025-11-21T00:00:00Z", 1), Map.of("admin2", "darwaz"))
                .toString());
        Alert resolved = harness.alerts().get(0);
        assertEquals("tj-darvoz", resolved.content().districtId());
        assertNotNull(resolved.content().district());
    }

    @Test
    void shouldCountAndDeadLetterPoisonReferenceRecordsWithoutStopping() {
        harness.site("bad-site", "{not json");
        harness.site("mismatch", "{\"site_id\":\"other\",\"country\":\"TJ\"}");
        harness.district("d", "[]");
        harness.nationality("XX", "{\"code\":\"YY\"}");
        harness.report(fatalAttack("r", "2025-11-20T00:00:00Z", 1).toString());
        assertEquals(1, harness.alerts().size(), "the processor keeps running");
        assertEquals(1.0, harness.metrics.count("frontierwatch.reference.rejected", "table", "sites", "reason",
                "invalid_json"));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reference.rejected", "table", "sites", "reason",
                "invalid_value"));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reference.rejected", "table", "districts", "reason",
                "invalid_json"));
        assertEquals(1.0, harness.metrics.count("frontierwatch.reference.rejected", "table", "nationalities", "reason",
                "invalid_value"));
        var deadLetters = harness.referenceDeadLetters;
        assertEquals(4, deadLetters.size());
        var first = deadLetters.get(0);
        assertEquals(harness.config.topics().deadLetter(), first.topic());
        assertEquals("bad-site", new String(first.key(), StandardCharsets.UTF_8));
        assertEquals("{not json", new String(first.value(), StandardCharsets.UTF_8));
        assertEquals("invalid_json", new String(first.headers().lastHeader("dlq.reason").value(),
                StandardCharsets.UTF_8));
        assertEquals("sites", new String(first.headers().lastHeader("dlq.source.topic").value(),
                StandardCharsets.UTF_8));
        assertEquals(List.of("invalid_json", "invalid_value", "invalid_json", "invalid_value"), deadLetters.stream()
                .map(r -> new String(r.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .toList());
    }
}
