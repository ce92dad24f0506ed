package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.state.StateKeys;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/**
 * Through the topology: the punctuator deletes the rule groups whose state has aged out (found through the expiry
 * index), and the active-alert gauge follows.
 */
class RuleGroupExpiryTopologyTest {

    private static List<String> groupsWithSummaries(KeyValueStore<Bytes, byte[]> store) {
        List<String> groups = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                if (k[0] == StateKeys.SUMMARY) {
                    groups.add(new String(k, 3, k.length - 3, StandardCharsets.UTF_8));
                }
            }
        }
        return groups;
    }

    private static double activeAlerts(TopologyHarness h) {
        return h.metrics.registry().get("frontierwatch.alerts.active").gauge().value();
    }

    @Test
    void shouldDeleteTheGroupsOfAnEarlierEpisodeOnceTheirStateHasAgedOutAndCountTheirAlertsOut() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            KeyValueStore<Bytes, byte[]> store = h.driver.getKeyValueStore(Names.RULE_GROUP_STATE_STORE);
            List<String> before = groupsWithSummaries(store);
            assertTrue(before.stream().anyMatch(g -> g.startsWith("district-fatalities/")), before.toString());
            assertTrue(activeAlerts(h) > 0);

            // Sixty days later (longer than the longest window, 30 d, plus twice the 7-day grace): one fatal report
            // elsewhere moves event time on, then the punctuator's wall-clock period passes.
            h.driver.advanceWallClockTime(Duration.ofDays(60));
            h.report(Fixtures.report("LATER", "2026-02-05T00:00:00Z").put("fatalities", 1).toString());
            h.driver.advanceWallClockTime(Duration.ofMinutes(6));

            List<String> after = groupsWithSummaries(store);
            assertEquals(List.of("district-fatalities/tj-panj"), after, "only the new report's group is left of "
                    + before);
            assertEquals(0.0, activeAlerts(h), "no alert of the seed story is still counted");
        }
    }
}
