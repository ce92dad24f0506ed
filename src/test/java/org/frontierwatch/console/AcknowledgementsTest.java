package org.frontierwatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.serde.Json;
import org.junit.jupiter.api.Test;

/** The acknowledgements one instance holds: latest per key, tombstones, bounded retention, level voiding. */
class AcknowledgementsTest {

    static final Instant T0 = Instant.parse("2025-12-01T08:00:00Z");

    static Acknowledgement ack(String key, ResponseType response, Severity severity, Instant at) {
        return new Acknowledgement(key, key + "#1", response, severity, Disposition.SomeImpact, "called the site",
                "officer", at);
    }

    static Alert alert(String key, int seq, ResponseType response, Severity severity) {
        return new Alert(key, key + "#" + seq, seq == 1 ? MsgType.Alert : MsgType.Update, List.of(),
                AlertContent.builder().ruleId("r").response(response).severity(severity).headline("h").build(),
                T0, T0.plusSeconds(86_400), T0);
    }

    @Test
    void shouldKeepAnAcknowledgementWhileTheLevelStaysOrFalls() {
        Acknowledgement a = ack("k", ResponseType.Avoid, Severity.Severe, T0);
        assertTrue(a.coversLevel(ResponseType.Avoid, Severity.Severe));
        assertTrue(a.coversLevel(ResponseType.Monitor, Severity.Moderate), "a lower level needs no new look");
    }

    @Test
    void shouldVoidAnAcknowledgementWhenAnUpdateRaisesTheResponseOrTheSeverity() {
        Acknowledgement a = ack("k", ResponseType.Avoid, Severity.Severe, T0);
        assertFalse(a.coversLevel(ResponseType.Shelter, Severity.Severe));
        assertFalse(a.coversLevel(ResponseType.Avoid, Severity.Extreme));
        assertFalse(a.coversLevel(ResponseType.Evacuate, Severity.Extreme));
    }

    @Test
    void shouldOrderResponsesFromEvacuateDown() {
        List<ResponseType> order = List.of(ResponseType.Evacuate, ResponseType.Shelter, ResponseType.Avoid,
                ResponseType.Prepare, ResponseType.Execute, ResponseType.Monitor, ResponseType.Assess,
                ResponseType.AllClear, ResponseType.None);
        for (int i = 1; i < order.size(); i++) {
            assertTrue(ResponseLevels.rank(order.get(i - 1)) > ResponseLevels.rank(order.get(i)), order.get(i).name());
        }
        assertEquals(0, ResponseLevels.rank(null));
    }

    @Test
    void shouldHoldTheNewestAcknowledgementPerKeyAndForgetOnATombstone() {
        Acknowledgements acks = new Acknowledgements();
        acks.apply("k", ack("k", ResponseType.Avoid, Severity.Severe, T0.plusSeconds(60)));
        acks.apply("k", ack("k", ResponseType.Monitor, Severity.Minor, T0)); // replayed older record
        assertEquals(ResponseType.Avoid, acks.of("k").orElseThrow().response());
        acks.apply("other", ack("other", ResponseType.Monitor, Severity.Minor, T0.plusSeconds(120)));
        assertEquals(List.of("other", "k"), acks.all().stream().map(Acknowledgement::key).toList(), "newest first");
        acks.apply("k", null);
        assertTrue(acks.of("k").isEmpty());
        assertEquals(1, acks.size());
    }

    @Test
    void shouldForgetAcknowledgementsOlderThanTheRetention() {
        Acknowledgements acks = new Acknowledgements();
        acks.apply("old", ack("old", ResponseType.Avoid, Severity.Severe, T0));
        acks.apply("new", ack("new", ResponseType.Avoid, Severity.Severe, T0.plus(Acknowledgements.RETENTION)));
        acks.prune(T0.plus(Acknowledgements.RETENTION).plusSeconds(1));
        assertEquals(List.of("new"), acks.all().stream().map(Acknowledgement::key).toList());
    }

    @Test
    void shouldAnnotateTheLatestMessageWithItsAcknowledgementAndWhetherItStillHolds() {
        Acknowledgements acks = new Acknowledgements();
        acks.apply("k", ack("k", ResponseType.Avoid, Severity.Severe, T0));
        ObjectNode same = Json.mapper().createObjectNode();
        acks.annotate(alert("k", 1, ResponseType.Avoid, Severity.Severe), same);
        assertTrue(same.path("acknowledgement").path("current").asBoolean());
        assertEquals("officer", same.path("acknowledgement").path("by").asText());
        ObjectNode raised = Json.mapper().createObjectNode();
        acks.annotate(alert("k", 2, ResponseType.Shelter, Severity.Extreme), raised);
        assertFalse(raised.path("acknowledgement").path("current").asBoolean(true));
        ObjectNode none = Json.mapper().createObjectNode();
        acks.annotate(alert("unacknowledged", 1, ResponseType.Avoid, Severity.Severe), none);
        assertFalse(none.has("acknowledgement"));
    }

    @Test
    void shouldWriteAcknowledgementsAsSnakeCaseJsonAndReadThemBack() throws Exception {
        Acknowledgement a = ack("k", ResponseType.Avoid, Severity.Severe, T0);
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(a));
        assertEquals("k#1", json.path("alert_id").asText());
        assertEquals("SomeImpact", json.path("disposition").asText());
        assertEquals("2025-12-01T08:00:00Z", json.path("at").asText());
        assertEquals(a, Json.mapper().treeToValue(json, Acknowledgement.class));
    }
}
