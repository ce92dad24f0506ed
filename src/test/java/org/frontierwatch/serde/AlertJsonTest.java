package org.frontierwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.junit.jupiter.api.Test;

/** The {@code alerts} topic's JSON: one flat object, envelope and content side by side, in the documented order. */
class AlertJsonTest {

    private static final Instant SENT = Instant.parse("2025-12-10T00:00:00Z");

    private static Alert alert() {
        AlertContent content = AlertContent.builder()
                .ruleId("foreign-workers-killed").ruleVersion("4f1c2a9e0b7d").event("Evacuation advisory")
                .severity(Severity.Extreme).urgency(Urgency.Immediate).certainty(Certainty.Observed)
                .response(ResponseType.Evacuate)
                .country("TJ").admin1("Khatlon").district("Shamsiddin Shohin").districtId("tj-shamsiddin-shohin")
                .group(Map.of("district", "tj-shamsiddin-shohin"))
                .windowStart(Instant.parse("2025-11-26T12:00:00Z")).windowEnd(Instant.parse("2025-11-26T12:00:00Z"))
                .incidentIds(List.of("TJK-2025-0001")).fatalities(3).count(1).metricValue(1.0)
                .affectedSites(List.of(new AlertContent.AffectedSite("tj-shohin-sm-compound", "Compound", "Shohin SM",
                        "tj-shamsiddin-shohin", "Shamsiddin Shohin", 37.95, 70.12, Map.of("CN", 40))))
                .exposedWorkers(40).exposure(List.of(new AlertContent.ExposedNationality("CN", "Chinese", 40)))
                .nationalities(List.of(new AlertContent.NationalityAtRisk("CN", "China", "Embassy")))
                .headline("Evacuate").instruction("Evacuate now")
                .build();
        return new Alert("foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26",
                "foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26#2", MsgType.Update,
                List.of(new Alert.AlertReference("foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26#1", SENT)),
                content, SENT, SENT.plusSeconds(7 * 86400), Instant.parse("2025-11-26T12:00:00Z"));
    }

    @Test
    void shouldWriteEnvelopeAndContentAsOneFlatObjectInTheDocumentedOrder() throws Exception {
        byte[] json = new JsonSerde<>(Alert.class).serializer().serialize("alerts", alert());
        JsonNode tree = Json.mapper().readTree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        // docs/data-formats.md, section "Alert": the fields downstream consumers read, in this order.
        assertEquals(List.of("key", "alert_id", "msg_type", "references", "rule_id", "rule_version", "event",
                "severity", "urgency",
                "certainty", "response", "country", "admin1", "district", "district_id", "group", "window_start",
                "window_end", "incident_ids", "incident_ids_total", "fatalities", "foreign_fatalities", "count",
                "metric_value",
                "affected_sites", "affected_sites_total", "exposed_workers", "exposure", "circles", "sources",
                "nationalities", "headline",
                "instruction", "sent", "expires", "as_of"), names);
        assertEquals(40, tree.get("exposed_workers").asInt());
        assertEquals("Chinese", tree.get("exposure").get(0).get("demonym").asText());
        assertEquals("tj-shamsiddin-shohin", tree.get("district_id").asText());
        assertEquals(40, tree.get("affected_sites").get(0).get("workers").get("CN").asInt());
    }

    @Test
    void shouldReadBackTheSameAlertFromItsJson() {
        JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
        Alert alert = alert();
        byte[] json = serde.serializer().serialize("alerts", alert);
        assertEquals(alert, serde.deserializer().deserialize("alerts", json));
        assertEquals(new String(json, StandardCharsets.UTF_8),
                new String(serde.serializer().serialize("alerts", serde.deserializer().deserialize("alerts", json)),
                        StandardCharsets.UTF_8));
    }
}
