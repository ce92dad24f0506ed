package org.frontierwatch.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.frontierwatch.model.Alert;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Alertmanager labels and annotations of real alert messages, and the settings' URL checks. */
class AlertLabelsTest {

    private static List<Alert> seedAlerts() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            return h.alerts();
        }
    }

    @Test
    void shouldLabelAnEvacuationAdvisoryWithWhatRoutingAndInhibitionMatchOn() {
        Alert evacuate = seedAlerts().get(0);
        assertEquals(Map.of("alertname", "foreign-workers-killed",
                "alert_key", "foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26",
                "rule", "foreign-workers-killed", "severity", "Extreme", "response", "Evacuate",
                "urgency", "Immediate", "country", "TJ", "district", "Shamsiddin Shohin",
                "district_id", "tj-shamsiddin-shohin", "nationalities", "CN"), AlertLabels.labels(evacuate));
        Map<String, String> n = AlertLabels.annotations(evacuate);
        assertEquals(evacuate.content().headline(), n.get("summary"));
        assertEquals(evacuate.content().instruction(), n.get("description"));
        assertTrue(n.get("sites").contains("(tj-shohin-sm-compound)"), n.get("sites"));
        assertEquals("TJK-2025-0001", n.get("incident_ids"));
        assertEquals(evacuate.alertId(), n.get("alert_id"));
        assertTrue(n.get("rule_version").matches("[0-9a-f]{12}"), "an annotation, so that a new rule version does "
                + "not make the alert a new one in Alertmanager: " + n);
        assertEquals(evacuate.sent().toString(), n.get("sent"));
        assertEquals("Alert", n.get("msg_type"));
    }

    @Test
    void shouldLeaveOutTheDistrictOfACountryWideAlert() {
        Alert national = seedAlerts().stream().filter(a -> a.content().ruleId().equals("repeat-attacks-on-nationals"))
                .findFirst().orElseThrow();
        Map<String, String> labels = AlertLabels.labels(national);
        assertTrue(!labels.containsKey("district") && !labels.containsKey("district_id"), labels.toString());
        assertEquals("CN", labels.get("nationalities"));
    }

    @Test
    void shouldBoundListedSitesAndIncidentsAndCountTheRest() {
        List<String> ids = IntStream.range(0, 30).mapToObj(i -> "id-" + i).toList();
        assertEquals(String.join(", ", ids.subList(0, 10)) + " and 20 more", AlertLabels.listed(ids, 30));
        assertEquals(String.join(", ", ids.subList(0, 10)) + " and 190 more", AlertLabels.listed(ids, 200),
                "the total counts what the message itself left out");
        assertEquals("a, b", AlertLabels.listed(List.of("a", "b"), 2));
    }

    @Test
    void shouldAcceptBaseUrlsAndRefuseWhatIsNotOne() {
        assertEquals(List.of(URI.create("http://127.0.0.1:9093"), URI.create("https://am.example.org/am/")),
                AlertmanagerSettings.parseUrls(" http://127.0.0.1:9093, https://am.example.org/am/ ,"));
        assertEquals(URI.create("https://am.example.org/am/api/v2/alerts"),
                AlertmanagerSettings.alertsEndpoint(URI.create("https://am.example.org/am/")));
        assertEquals(URI.create("http://h:9093/api/v2/alerts"),
                AlertmanagerSettings.alertsEndpoint(URI.create("http://h:9093")));
        for (String bad : List.of("am:9093", "ftp://h/", "http:///x", "http://h:9093/?a=b", "http://h x")) {
            IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                    () -> AlertmanagerSettings.parseUrl(bad), bad);
            assertTrue(e.getMessage().contains(bad.trim()), e.getMessage());
        }
    }
}
