package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** What was sent, and the intake's view of it, so that the oracle sees the changes the topology sees. */
    private final Map<String, Incident> current = new HashMap<>();
    private final Map<String, Integer> revisions = new HashMap<>();
    private final List<String> liveIds = new ArrayList<>();

    @Test
    void shouldRaiseTheLegacyEvaluatorsAlertsForTwentyThousandIncidentsInOneDistrictWithinSmallStateValues() {
        MapReferenceData reference = Fixtures.sampleReference();
        DistrictResolver resolver = new DistrictResolver(reference);
        ReportParser parser = new ReportParser(Fixtures.defaultConfig().validation());
        DifferentialRun oracle = new DifferentialRun(Fixtures.defaultRules(), reference,
                Fixtures.defaultConfig().grace(), RuleGroupRouter::groups);
        Random random = new Random(20261201L);
        int late = 0;
        int revised = 0;
        int retracted = 0;
        try (TopologyHarness harness = new TopologyHarness().withSampleReferenceData()) {
            Instant watermark = START;
            for (int n = 0; n < INCIDENTS; n++) {
                Instant at = START.plusMillis((long) (SPAN.toMillis() * (n / (double) INCIDENTS)));
                int roll = random.nextInt(100);
                if (roll < 4 && !liveIds.isEmpty()) {
                    // A revision of a recent incident: other fatalities, sometimes another time (within grace).
                    String id = liveIds.get(liveIds.size() - 1 - random.nextInt(Math.min(liveIds.size(), 300)));
                    Instant when = random.nextBoolean() ? current.get(id).occurredAt()
                            : watermark.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                    send(harness, parser, resolver, oracle, report(id, revisions.merge(id, 1, Integer::sum), when,
                            random), id);
                    revised++;
                } else if (roll < 5 && !liveIds.isEmpty()) {
                    String id = liveIds.remove(liveIds.size() - 1 - random.nextInt(Math.min(liveIds.size(), 300)));
                    harness.retract(id);
                    oracle.change(id, current.remove(id), null, TopologyHarness.NOW);
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
                    send(harness, parser, resolver, oracle, report(id, 1, when, random), id);
                }
                if (at.isAfter(watermark)) {
                    watermark = at;
                }
            }
            Map<String, List<Alert>> actual = byKey(harness.alerts());
            Map<String, List<Alert>> expected = byKey(oracle.expected);
            assertNull(oracle.firstDifference(), "the in-memory evaluator: " + oracle.firstDifference());
            assertEquals(expected.keySet(), actual.keySet());
            for (String key : expected.keySet()) {
                assertEquals(expected.get(key), actual.get(key), "messages of " + key);
            }
            long updates = oracle.expected.stream().filter(a -> a.msgType() == MsgType.Update).count();
            assertTrue(updates > 1000 && expected.size() >= 4, expected.size() + " keys, " + updates + " updates");
            assertTrue(late > 500 && revised > 500 && retracted > 100, late + " late, " + revised + " revised, "
                    + retracted + " retracted");

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
                    + "largest bytes %s%n", expected.size(), oracle.expected.size(), count, largest);
            largest.forEach((type, bytes) -> assertTrue(bytes < 64 * 1024,
                    "largest '" + type + "' state value is " + bytes + " bytes"));
        }
    }

    private void send(TopologyHarness harness, ReportParser parser, DistrictResolver resolver, DifferentialRun oracle,
                      ObjectNode json, String id) {
        String text = json.toString();
        harness.report(text);
        try {
            IncidentReport parsed = parser.parse(text.getBytes(StandardCharsets.UTF_8),
                    TopologyHarness.NOW);
            Incident incident = resolver.enrich(parsed.forEvaluation());
            Incident before = current.put(id, incident);
            oracle.change(id, before, incident, TopologyHarness.NOW);
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
