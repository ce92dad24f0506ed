package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/**
 * Through the topology: the intake's wall-clock punctuator forgets incidents older than the retention (longest
 * window plus twice the grace) behind the intake's event-time watermark, and keeps the rest and the watermark.
 */
class IncidentPurgeTopologyTest {

    /** The punctuator's period in {@link IntakeProcessor} is five minutes; a little more makes it fire once. */
    private static final Duration PUNCTUATION = Duration.ofMinutes(6);

    private static TreeMap<String, IncidentState> incidents(KeyValueStore<String, IncidentState> store) {
        TreeMap<String, IncidentState> all = new TreeMap<>();
        try (KeyValueIterator<String, IncidentState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, IncidentState> kv = it.next();
                all.put(kv.key, kv.value);
            }
        }
        return all;
    }

    private static Duration retention(TopologyHarness h) {
        Duration longestWindow = h.config.rules().stream().map(Rule::window).max(Duration::compareTo).orElseThrow();
        return longestWindow.plus(h.config.grace()).plus(h.config.grace());
    }

    @Test
    void shouldPurgeIncidentsOlderThanTheRetentionBehindTheWatermarkWhenWallClockPasses() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            KeyValueStore<String, IncidentState> store = h.driver.getKeyValueStore(Names.INCIDENTS_STORE);
            KeyValueStore<String, Long> watermarks = h.driver.getKeyValueStore(Names.WATERMARK_STORE);
            Duration retention = retention(h);
            assertEquals(Duration.ofDays(44), retention, "the default rules: 30-day window plus twice 7 days grace");

            Instant newest = Instant.parse("2026-01-20T00:00:00Z");
            Instant cutoff = newest.minus(retention);
            h.report(Fixtures.report("old", cutoff.minus(Duration.ofDays(6)).toString()).toString());
            h.report(Fixtures.report("old-retracted", cutoff.minus(Duration.ofDays(5)).toString()).toString());
            h.retract("old-retracted");
            h.report(Fixtures.report("just-inside", cutoff.plus(Duration.ofHours(1)).toString()).toString());

            // The wall clock passes while event time stands still: the punctuator runs, nothing is old enough yet.
            h.driver.advanceWallClockTime(Duration.ofDays(45));
            assertEquals(List.of("just-inside", "old", "old-retracted"), new ArrayList<>(incidents(store).keySet()),
                    "wall-clock time alone purges nothing");
            assertTrue(incidents(store).get("old-retracted").retracted(), "the retraction marker is kept meanwhile");

            // Event time moves on (reports are judged against the advanced wall clock, so these are not "future").
            h.report(Fixtures.report("recent", newest.minus(Duration.ofDays(10)).toString()).toString());
            h.report(Fixtures.report("newest", newest.toString()).toString());
            assertEquals(5, incidents(store).size(), "all five are stored until the punctuator runs");

            h.driver.advanceWallClockTime(PUNCTUATION);

            TreeMap<String, IncidentState> left = incidents(store);
            assertEquals(List.of("just-inside", "newest", "recent"), new ArrayList<>(left.keySet()),
                    "incidents (and retraction markers) older than " + cutoff + " are purged, younger ones kept");
            assertEquals(cutoff.plus(Duration.ofHours(1)).toEpochMilli(), left.get("just-inside").occurredAtMs());
            assertNotNull(left.get("newest").latest(), "a kept incident keeps its content");
            assertNull(store.get("old"));
            assertEquals(newest.toEpochMilli(), watermarks.get("watermark"), "the watermark itself is never purged");

            // A purged incident's revision is late anyway: it is dead-lettered, not taken for a new incident.
            h.deadLetters();
            h.report(Fixtures.report("old", cutoff.minus(Duration.ofDays(6)).toString()).put("revision", 2)
                    .toString());
            assertEquals(List.of("late"), h.deadLetters().stream()
                    .map(r -> TopologyHarness.header(r, Names.HEADER_REASON)).toList());
            assertNull(store.get("old"), "the late revision does not bring it back");
        }
    }
}
