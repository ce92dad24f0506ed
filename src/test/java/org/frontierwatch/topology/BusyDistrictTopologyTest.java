package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.MaterialFacts;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.testing.DifferentialRun;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.TopologyHarness;
import org.frontierwatch.validation.ReportParser;
import org.junit.jupiter.api.Test;

/**
 * A busy district through the production topology: Shamsiddin Shohin receives 20,000 incidents inside one 30-day
 * window, with revisions, retractions and late reports among them. The alerts must equal those of the legacy
 * evaluator computing every episode over the full incident list, and no state value may grow with the district:
 * the largest stays under 64 KiB (the old layout's one value for this group passed the broker's 1 MB limit after
 * some 2,500 incidents).
 */
class BusyDistrictTopologyTest {

    static final int INCIDENTS = 20_000;
    static final Instant START = Instant.parse("2025-11-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(29);
    static final String[][] EVENTS = {
            {"Battles", "Armed clash"}, {"Explosions/Remote violence", "Shelling/artillery/missile attack"},
            {"Violence against civilians", "Attack"}, {"Strategic developments", "Disrupted weapons use"}};

    /** One step of the busy district's input: a report, or the retraction of an incident ({@code report} null). */
    record Step(String id, ObjectNode report) {
    }

    /** The input and how many of its reports were late, revisions and retractions. */
    record Script(List<Step> steps, int late, int revised, int retracted) {
    }

    /** The input, the same for every run: 20,000 incidents with late reports, revisions and retractions. */
    static Script script() {
        Random random = new Random(20261201L);
        Map<String, Instant> occurredAt = new HashMap<>();
        Map<String, Integer> revisions = new HashMap<>();
        List<String> liveIds = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Instant watermark = START;
        int late = 0;
        int revised = 0;
        int retracted = 0;
        for (int n = 0; n < INCIDENTS; n++) {
            Instant at = START.plusMillis((long) (SPAN.toMillis() * (n / (double) INCIDENTS)));
            int roll = random.nextInt(100);
            if (roll < 4 && !liveIds.isEmpty()) {
                // A revision of a recent incident: other fatalities, sometimes another time (within grace).
                String id = liveIds.get(liveIds.size() - 1 - random.nextInt(Math.min(liveIds.size(), 300)));
                Instant when = random.nextBoolean() ? occurredAt.get(id)
                        : watermark.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                occurredAt.put(id, when);
                steps.add(new Step(id, report(id, revisions.merge(id, 1, Integer::sum), when, random)));
                revised++;
            } else if (roll < 5 && !liveIds.isEmpty()) {
                String id = liveIds.remove(liveIds.size() - 1 - random.nextInt(Math.min(liveIds.size(), 300)));
                steps.add(new Step(id, null));
                retracted++;
            } else {
                Instant when = at;
                if (roll < 10) {
                    when = watermark.minus(Duration.ofMinutes(1 + random.nextInt(48 * 60)));
                    late++;
                }
                String id = "BUSY-" + n;
                revisions.put(id, 1);
                liveIds.add(id);
                occurredAt.put(id, when);
                steps.add(new Step(id, report(id, 1, when, random)));
            }
            if (at.isAfter(watermark)) {
                watermark = at;
            }
        }
        return new Script(steps, late, revised, retracted);
    }

    @Test
    void shouldRaiseTheLegacyEvaluatorsAlertsForTwentyThousandIncidentsInOneDistrictWithinSmallStateValues() {
        MapReferenceData reference = Fixtures.sampleReference();
        DistrictResolver resolver = new DistrictResolver(reference);
        ReportParser parser = new ReportParser(Fixtures.defaultConfig().validation());
        DifferentialRun oracle = new DifferentialRun(Fixtures.defaultRules(), reference,
                Fixtures.defaultConfig().grace(), RuleGroupRouter::groups);
        Map<String, Incident> current = new HashMap<>();
        Script script = script();
        // Every change at once (update interval PT0S), as the legacy evaluator sends them.
        try (TopologyHarness harness = new TopologyHarness(Fixtures.defaultConfig()
                .withCadence(AlertCadence.EVERY_CHANGE)).withSampleReferenceData()) {
            for (Step step : script.steps()) {
                if (step.report() == null) {
                    harness.retract(step.id());
                    oracle.change(step.id(), current.remove(step.id()), null, TopologyHarness.NOW);
                } else {
                    String text = step.report().toString();
                    harness.report(text);
                    Incident incident = enrich(parser, resolver, text);
                    oracle.change(step.id(), current.put(step.id(), incident), incident, TopologyHarness.NOW);
                }
            }
            List<Alert> all = harness.alerts();
            // The legacy evaluator knows no AllClear: an ended episode's closing Update is the last of its key.
            Map<String, List<Alert>> actual = byKey(DifferentialRun.withoutAsOf(all.stream()
                    .filter(a -> !a.isAllClear()).toList()));
            byKey(all).forEach((key, messages) -> assertTrue(messages.stream().limit(messages.size() - 1)
                    .noneMatch(Alert::isAllClear), "an AllClear is the last message of " + key));
            Map<String, List<Alert>> expected = byKey(oracle.expected);
            assertNull(oracle.firstDifference(), "the in-memory evaluator: " + oracle.firstDifference());
            assertEquals(expected.keySet(), actual.keySet());
            for (String key : expected.keySet()) {
                assertEquals(expected.get(key), actual.get(key), "messages of " + key);
            }
            long updates = oracle.expected.stream().filter(a -> a.msgType() == MsgType.Update).count();
            assertTrue(updates > 1000 && expected.size() >= 4, expected.size() + " keys, " + updates + " updates");
            assertTrue(script.late() > 500 && script.revised() > 500 && script.retracted() > 100,
                    script.late() + " late, " + script.revised() + " revised, " + script.retracted() + " retracted");
            assertStateValuesStaySmall(harness, expected.size(), oracle.expected.size());
        }
    }

    private static void assertStateValuesStaySmall(TopologyHarness harness, int keys, int messages) {
        KeyValueStore<Bytes, byte[]> state = harness.driver.getKeyValueStore(Names.RULE_GROUP_STATE_STORE);
        Map<Character, Integer> largest = new TreeMap<>();
        Map<Character, Integer> count = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = state.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                char type = (char) kv.key.get()[0];
                largest.merge(type, kv.key.get().length + kv.value.length, Math::max);
                count.merge(type, 1, Integer::sum);
            }
        }
        System.out.printf("BusyDistrictTopologyTest: %d keys, %d messages; state values by type: count %s, "
                + "largest bytes %s%n", keys, messages, count, largest);
        largest.forEach((type, bytes) -> assertTrue(bytes < 64 * 1024,
                "largest '" + type + "' state value is " + bytes + " bytes"));
    }

    /**
     * The same busy district with the cadence a user gets (update interval PT6H): the readable stream is the
     * every-change stream with count-only Updates held back. Per key: the same Alert, Cancel and AllClear; every
     * message says what the every-change stream said at some point, in the same order; every material change is
     * there; two count-only messages are at least six hours of event time apart; and after the input goes quiet
     * for the update interval, no change is left unsent.
     */
    @Test
    void shouldSendEveryMaterialChangeAndAtMostOneCountOnlyUpdatePerIntervalWithTheDefaultCadence() {
        List<Step> steps = script().steps();
        Map<String, List<Alert>> every;
        try (TopologyHarness harness = new TopologyHarness(Fixtures.defaultConfig()
                .withCadence(AlertCadence.EVERY_CHANGE)).withSampleReferenceData()) {
            steps.forEach(step -> replay(harness, step));
            every = byKey(harness.alerts());
        }
        Duration interval = Fixtures.defaultConfig().cadence().defaultUpdateInterval();
        assertEquals(Duration.ofHours(6), interval, "the default a user gets");
        try (TopologyHarness harness = new TopologyHarness(Fixtures.defaultConfig()).withSampleReferenceData()) {
            steps.forEach(step -> replay(harness, step));
            Map<String, List<Alert>> coalesced = byKey(harness.alerts());
            assertEquals(every.keySet(), coalesced.keySet());
            int busiest = 0;
            for (String key : every.keySet()) {
                List<Alert> mine = coalesced.get(key);
                assertSubsequenceOfEveryChange(key, mine, every.get(key));
                assertMaterialChangesAtOnce(key, mine, every.get(key));
                assertCountOnlyUpdatesAtMostOncePerInterval(key, mine, interval);
                busiest = Math.max(busiest, mine.size());
            }
            int before = every.values().stream().mapToInt(List::size).sum();
            int after = coalesced.values().stream().mapToInt(List::size).sum();
            int busiestBefore = every.values().stream().mapToInt(List::size).max().orElse(0);
            System.out.printf("BusyDistrictTopologyTest: every change %d messages (busiest key %d), default cadence "
                    + "%d messages (busiest key %d), %d keys%n", before, busiestBefore, after, busiest, every.size());
            assertTrue(after * 5 < before, after + " messages with the default cadence, " + before + " without");

            // Quiet for the update interval: every held change goes out, and each open alert says what the
            // every-change stream last said.
            harness.driver.advanceWallClockTime(interval);
            harness.alerts().forEach(a -> coalesced.get(a.key()).add(a));
            for (String key : every.keySet()) {
                Alert lastEvery = every.get(key).get(every.get(key).size() - 1);
                Alert lastMine = coalesced.get(key).get(coalesced.get(key).size() - 1);
                if (lastEvery.msgType() != MsgType.Cancel) {
                    assertEquals(lastEvery.content(), lastMine.content(), "the last word on " + key);
                }
            }
            assertEquals(0.0, harness.metrics.registry().find("frontierwatch.alerts.pending").gauges().stream()
                    .mapToDouble(Gauge::value).sum(), "nothing held after the wall-clock bound");
        }
    }

    private static void assertSubsequenceOfEveryChange(String key, List<Alert> mine, List<Alert> every) {
        assertEquals(types(every, MsgType.Alert), types(mine, MsgType.Alert), "Alert of " + key);
        assertEquals(types(every, MsgType.Cancel), types(mine, MsgType.Cancel), "Cancel of " + key);
        assertEquals(every.stream().filter(Alert::isAllClear).map(Alert::content).toList(),
                mine.stream().filter(Alert::isAllClear).map(Alert::content).toList(), "AllClear of " + key);
        int at = 0;
        for (Alert m : mine) {
            if (m.msgType() == MsgType.Cancel || m.isAllClear()) {
                continue;
            }
            while (at < every.size() && !every.get(at).content().equals(m.content())) {
                at++;
            }
            assertTrue(at < every.size(), key + ": " + m.alertId() + " says what no every-change message said "
                    + "after the previous one");
            at++;
        }
    }

    private static void assertMaterialChangesAtOnce(String key, List<Alert> mine, List<Alert> every) {
        long previous = 0;
        for (Alert e : every) {
            if (e.msgType() == MsgType.Cancel || e.isAllClear()) {
                continue;
            }
            long material = MaterialFacts.fingerprint(e.content());
            if (material != previous) {
                assertTrue(mine.stream().anyMatch(m -> m.content().equals(e.content())),
                        key + ": the material change of " + e.alertId() + " was not sent");
            }
            previous = material;
        }
    }

    private static void assertCountOnlyUpdatesAtMostOncePerInterval(String key, List<Alert> mine,
                                                                    Duration interval) {
        Alert previous = null;
        for (Alert m : mine) {
            if (previous != null && m.msgType() == MsgType.Update && !m.isAllClear()
                    && MaterialFacts.fingerprint(m.content()) == MaterialFacts.fingerprint(previous.content())) {
                assertFalse(m.asOf().isBefore(previous.asOf().plus(interval)), key + ": " + m.alertId()
                        + " as of " + m.asOf() + ", a count-only Update less than " + interval + " after "
                        + previous.alertId() + " as of " + previous.asOf());
            }
            if (previous != null) {
                assertFalse(m.asOf().isBefore(previous.asOf()), key + ": as_of goes back at " + m.alertId());
            }
            previous = m;
        }
    }

    private static long types(List<Alert> alerts, MsgType type) {
        return alerts.stream().filter(a -> a.msgType() == type).count();
    }

    private static void replay(TopologyHarness harness, Step step) {
        if (step.report() == null) {
            harness.retract(step.id());
        } else {
            harness.report(step.report().toString());
        }
    }

    private static Incident enrich(ReportParser parser, DistrictResolver resolver, String text) {
        try {
            IncidentReport parsed = parser.parse(text.getBytes(StandardCharsets.UTF_8), TopologyHarness.NOW);
            return resolver.enrich(parsed.forEvaluation());
        } catch (Exception e) {
            throw new AssertionError("the test's own report is invalid: " + text, e);
        }
    }

    private static ObjectNode report(String id, int revision, Instant at, Random random) {
        String[] event = EVENTS[random.nextInt(100) < 3 ? 3 : random.nextInt(3)];
        ObjectNode r = Fixtures.report(id, at.toString());
        r.put("revision", revision).put("event_type", event[0]).put("sub_event_type", event[1])
                .put("country", "TJ").put("admin1", "Khatlon").put("admin2", random.nextBoolean() ? "Shohin"
                        : "Shamsiddin Shohin")
                .put("fatalities", random.nextInt(10) < 6 ? random.nextInt(4) : 0);
        if (random.nextInt(100) < 2) {
            r.putArray("victim_nationalities").add("CN");
        }
        if (random.nextInt(100) < 15) {
            r.put("origin_country", "AF");
        }
        return r;
    }

    private static Map<String, List<Alert>> byKey(List<Alert> alerts) {
        Map<String, List<Alert>> out = new LinkedHashMap<>();
        alerts.forEach(a -> out.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a));
        return out;
    }
}
