package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.api.AlertView;
import org.frontierwatch.api.PendingChange;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the query API reads from the production topology's state ({@link AlertStoreReader} over the rule-group store
 * of the TopologyTestDriver, as {@link StreamsAlertState} reads it over interactive queries) while the alert
 * cadence holds a change back: the seed story, then a third cross-border clash in Shamsiddin Shohin an hour after
 * the story's last message there. It changes only totals of two alerts, within six hours of their last messages:
 * nothing goes out, and both alerts show the new totals as pending until the wall-clock bound sends them.
 */
class HeldChangeQueryTopologyTest {

    static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    static final String INCURSIONS = "cross-border-incursions/tj-shamsiddin-shohin/2025-11-26";

    private TopologyHarness harness;
    private AlertStoreReader reader;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
        KeyValueStore<Bytes, byte[]> store = harness.driver.getKeyValueStore(Names.RULE_GROUP_STATE_STORE);
        reader = new AlertStoreReader(store, FrontierSerdes.standard().alertState().deserializer());
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** TJK-2025-0003's like: a clash with intruders from Afghanistan, one Tajik killed, at 07:00 on 3 December. */
    private void thirdClash() {
        harness.report(Fixtures.with(Fixtures.report("TJK-2025-0005", "2025-12-03T07:00:00Z"), Map.of(
                "event_type", "Battles", "sub_event_type", "Armed clash", "admin2", "Shamsiddin Shokhin",
                "fatalities", 1, "victim_nationalities", List.of("TJ"), "origin_country", "AF",
                "origin_admin1", "Badakhshan")).toString());
    }

    private Map<String, PendingChange> pendingByKey() {
        Map<String, PendingChange> out = new TreeMap<>();
        reader.all().stream().filter(v -> v.pending() != null).forEach(v -> out.put(v.latest().key(), v.pending()));
        return out;
    }

    @Test
    void shouldReportTheHeldTotalsAndDueTimesOfACountOnlyChangeUntilTheWallClockBoundSendsThem() {
        harness.seedScenario();
        Map<String, Alert> sent = new TreeMap<>();
        harness.alerts().forEach(a -> sent.put(a.key(), a));
        assertEquals(Map.of(), pendingByKey(), "the seed story's seven messages are all material changes");

        thirdClash();
        assertEquals(List.of(), harness.alerts(), "count-only changes within six hours of the last message: held");
        Instant dueBy = TopologyHarness.NOW.plus(Duration.ofHours(6)); // the wall clock when held, plus the interval
        // Its last message (the Update at 02:00, 8 killed in 2 incidents) went out as of 02:00: due at 08:00.
        PendingChange fatalities = new PendingChange(3, 9, 9.0, Instant.parse("2025-11-26T12:00:00Z"),
                Instant.parse("2025-12-03T07:00:00Z"), Instant.parse("2025-12-03T08:00:00Z"), dueBy);
        // Its Alert (two incursions) went out with the clash at 02:00 too; a third stays at level Severe.
        PendingChange incursions = new PendingChange(3, 9, 3.0, Instant.parse("2025-11-26T12:00:00Z"),
                Instant.parse("2025-12-03T07:00:00Z"), Instant.parse("2025-12-03T08:00:00Z"), dueBy);
        assertEquals(Map.of(FATALITIES, fatalities, INCURSIONS, incursions), pendingByKey());
        AlertView one = reader.one(FATALITIES).orElseThrow();
        assertEquals(sent.get(FATALITIES), one.latest(), "the last message sent, unchanged");
        assertEquals(fatalities, one.pending());
        assertEquals(1.0, harness.metrics.gauge("frontierwatch.alerts.pending", "rule", "district-fatalities"));

        harness.driver.advanceWallClockTime(Duration.ofHours(6));
        Map<String, Alert> flushed = new TreeMap<>();
        harness.alerts().forEach(a -> flushed.put(a.key(), a));
        assertEquals(Set.of(FATALITIES, INCURSIONS), flushed.keySet(), "both held Updates went out");
        Alert update = flushed.get(FATALITIES);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals(List.of(3L, 9, 9.0, fatalities.windowStart(), fatalities.windowEnd()), List.of(
                (long) update.content().count(), update.content().fatalities(), update.content().metricValue(),
                update.content().windowStart(), update.content().windowEnd()), "what was shown as pending went out");
        assertEquals(Map.of(), pendingByKey(), "nothing held any more");
        AlertView after = reader.one(FATALITIES).orElseThrow();
        assertEquals(update, after.latest());
        assertNull(after.pending());
        assertTrue(reader.one("no/such/key").isEmpty());
    }
}
