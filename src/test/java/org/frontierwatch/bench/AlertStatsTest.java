package org.frontierwatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.JsonSerde;
import org.junit.jupiter.api.Test;

/** The benchmark's alert output statistics: per-type counts, the spread over keys, and reading a message's type. */
class AlertStatsTest {

    private static byte[] alert(String msgType, String response) {
        return ("{\"key\":\"k\",\"msg_type\":\"" + msgType + "\",\"references\":[{\"alert_id\":\"a\"}],"
                + "\"group\":{\"response\":\"nested, not this one\"},\"response\":\"" + response + "\","
                + "\"incident_ids\":[\"i1\",\"i2\"]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCountAnUpdateWithResponseAllClearAsAllClearAndNotAsUpdate() {
        AlertStats s = new AlertStats();
        s.add("a", alert("Alert", "Monitor"));
        s.add("a", alert("Update", "Monitor"));
        s.add("a", alert("Update", "AllClear"));
        s.add("a", alert("Cancel", "AllClear"));
        s.add("b", alert("Alert", "Avoid"));
        s.add("b", null);
        s.add("c", "not json".getBytes(StandardCharsets.UTF_8));
        s.add(null, alert("Alert", "Avoid"));
        Map<String, Double> m = s.metrics(4);
        assertEquals(8.0, m.get("messages"));
        assertEquals(2.0, m.get("messages_per_report"));
        assertEquals(3.0, m.get("alert"));
        assertEquals(1.0, m.get("update"));
        assertEquals(1.0, m.get("all_clear"));
        assertEquals(1.0, m.get("cancel"));
        assertEquals(2.0, m.get("other"));
        assertEquals(1.0, m.get("null_keys"));
        assertEquals(3.0, m.get("distinct_keys"));
        assertEquals(4.0, m.get("max_per_key"));
        assertEquals(List.copyOf(AlertStats.NAMES), List.copyOf(m.keySet()));
    }

    @Test
    void shouldTakeTheNearestRankP99OfMessagesPerKey() {
        AlertStats s = new AlertStats();
        // 200 keys: key i has i messages (1..200); nearest rank of p99 over 200 is the 198th smallest.
        for (int i = 1; i <= 200; i++) {
            for (int j = 0; j < i; j++) {
                s.add("k" + i, "Update", "Monitor");
            }
        }
        assertEquals(198, s.perKeyPercentile(99));
        assertEquals(200, s.maxPerKey());
        assertEquals(200, s.distinctKeys());
        assertEquals(200 * 201 / 2, s.messages());
    }

    @Test
    void shouldTakeTheOnlyValueOrZeroAsPercentileOfOneOrNoValues() {
        assertEquals(7, AlertStats.percentile(List.of(7), 99));
        assertEquals(0, AlertStats.percentile(new ArrayList<>(), 99));
        assertEquals(5, AlertStats.percentile(List.of(1, 2, 3, 4, 5), 99));
        assertEquals(3, AlertStats.percentile(List.of(1, 2, 3, 4, 5), 50));
    }

    @Test
    void shouldReadOnlyTheTopLevelMsgTypeAndResponse() {
        assertArrayEquals(new String[] {"Update", "AllClear"}, AlertStats.typeAndResponse(alert("Update", "AllClear")));
        assertArrayEquals(new String[2], AlertStats.typeAndResponse("[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReadTheTypeAndResponseOfAnAlertAsTheAlertsTopicCarriesIt() {
        Alert a = new Alert("rule|d1|e1", "id-2", MsgType.Update, List.of(new Alert.AlertReference("id-1",
                Instant.EPOCH)), AlertContent.builder().ruleId("rule").response(ResponseType.AllClear).build(),
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
        byte[] json = new JsonSerde<>(Alert.class).serializer().serialize("alerts", a);
        assertArrayEquals(new String[] {"Update", "AllClear"}, AlertStats.typeAndResponse(json));
    }
}
