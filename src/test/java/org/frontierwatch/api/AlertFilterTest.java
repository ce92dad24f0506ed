package org.frontierwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.Test;

/** The API's filters on the seed story's real alerts, and the 400 messages for bad ones. */
class AlertFilterTest {

    private static final MapReferenceData REFERENCE = Fixtures.sampleReference();

    private static List<Alert> seed(boolean retractCache) {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            if (retractCache) {
                h.retract("TJK-2025-0004");
            }
            Map<String, Alert> latest = new LinkedHashMap<>();
            h.alerts().forEach(a -> latest.put(a.key(), a));
            return List.copyOf(latest.values());
        }
    }

    /** The latest messages once every seed episode has ended: the input quiet past the windows and grace. */
    static List<Alert> afterTheEpisodesEnded() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            h.driver.advanceWallClockTime(Duration.ofDays(60));
            Map<String, Alert> latest = new LinkedHashMap<>();
            h.alerts().forEach(a -> latest.put(a.key(), a));
            List<Alert> alerts = List.copyOf(latest.values());
            assertTrue(alerts.stream().allMatch(Alert::isAllClear), "each key's latest is its AllClear: "
                    + TopologyHarness.keys(alerts));
            return alerts;
        }
    }

    private static AlertFilter parse(Map<String, List<String>> q) {
        return AlertFilter.parse(q, REFERENCE);
    }

    private static List<String> keys(List<Alert> alerts, AlertFilter f, Instant now) {
        return ApiHandler.select(alerts, f, now).stream().map(Alert::key).toList();
    }

    @Test
    void shouldResolveADistrictByIdNameOrAliasThroughTheGazetteer() {
        for (String d : List.of("tj-shamsiddin-shohin", "Shamsiddin Shohin", "Shamsiddin Shokhin",
                "SHAMSIDDIN SHOKHIN")) {
            assertEquals("tj-shamsiddin-shohin", parse(Map.of("district", List.of(d))).districtId(), d);
        }
        assertEquals("tj-shamsiddin-shohin",
                parse(Map.of("district", List.of("Shamsiddin Shokhin"), "country", List.of("tj"))).districtId());
    }

    @Test
    void shouldFilterBySeverityAtLeastNationalitySiteAndRule() {
        List<Alert> alerts = seed(false);
        Instant now = alerts.get(0).sent();
        assertEquals(6, keys(alerts, AlertFilter.ACTIVE, now).size());
        List<String> severe = keys(alerts, parse(Map.of("severity", List.of("severe"))), now);
        assertTrue(severe.stream().noneMatch(k -> k.startsWith("weapons-cache")), "Moderate is below Severe: "
                + severe);
        assertEquals(5, severe.size(), severe.toString());
        assertEquals(List.of("weapons-cache/TJK-2025-0004"),
                keys(alerts, parse(Map.of("rule", List.of("weapons-cache"))), now));
        List<String> darvoz = keys(alerts, parse(Map.of("site", List.of("tj-crbc-darvoz-road"))), now);
        assertTrue(darvoz.contains("foreign-workers-killed/tj-darvoz/2025-11-30"), darvoz.toString());
        assertTrue(keys(alerts, parse(Map.of("nationality", List.of("cn"))), now).size() >= 4);
        assertEquals(List.of(), keys(alerts, parse(Map.of("nationality", List.of("FR"))), now));
    }

    @Test
    void shouldLeaveOutCancelledAndExpiredAlertsUnlessIncluded() {
        List<Alert> alerts = seed(true);
        Alert cancel = alerts.stream().filter(a -> a.msgType() == MsgType.Cancel).findFirst().orElseThrow();
        Instant now = cancel.sent();
        assertTrue(!keys(alerts, AlertFilter.ACTIVE, now).contains(cancel.key()));
        assertTrue(keys(alerts, parse(Map.of("include", List.of("cancelled"))), now).contains(cancel.key()));
        Instant later = now.plus(Duration.ofDays(8)); // past the 7-day expiry of two rules
        List<String> active = keys(alerts, AlertFilter.ACTIVE, later);
        List<String> withExpired = keys(alerts, parse(Map.of("include", List.of("expired,cancelled"))), later);
        assertEquals(alerts.size(), withExpired.size());
        assertTrue(active.size() < 5, "some expired: " + active);
        assertEquals(Severity.Extreme, parse(Map.of("severity", List.of("EXTREME"))).minSeverity());
    }

    @Test
    void shouldNotListAnAlertClosedByItsEpisodesAllClearAsActiveNorAsCancelled() {
        List<Alert> alerts = afterTheEpisodesEnded();
        Instant now = alerts.get(0).sent().plusSeconds(1);
        assertTrue(alerts.stream().allMatch(a -> a.expires().isAfter(now)), "not expired yet");
        assertTrue(alerts.stream().noneMatch(a -> AlertFilter.active(a, now)), "ended: no AllClear is active");
        assertEquals(List.of(), keys(alerts, AlertFilter.ACTIVE, now));
        assertEquals(List.of(), keys(alerts, parse(Map.of("severity", List.of("Extreme"))), now));
        assertEquals(List.of(), keys(alerts, parse(Map.of("include", List.of("cancelled"))), now),
                "an episode that ended is not a cancelled alert");
        assertEquals(6, keys(alerts, parse(Map.of("include", List.of("expired"))), now).size(),
                "it ended on its own, as an expired one does");
    }

    @Test
    void shouldRefuseBadFiltersNamingTheParameter() {
        Map<Map<String, List<String>>, String> bad = Map.of(
                Map.of("severity", List.of("Huge")),
                        "severity 'Huge' is not one of [Extreme, Severe, Moderate, Minor, Unknown]",
                Map.of("district", List.of("Atlantis")), "district 'Atlantis' is not in the gazetteer",
                Map.of("country", List.of("Tajikistan")), "country 'Tajikistan' is not an ISO 3166 alpha-2 code",
                Map.of("nationality", List.of("CHN")), "nationality 'CHN' is not an ISO 3166 alpha-2 code",
                Map.of("include", List.of("everything")), "include 'everything' is not one of [cancelled, expired]",
                Map.of("rule", List.of("a", "b")), "parameter 'rule' given 2 times",
                Map.of("rule", List.of(" ")), "parameter 'rule' is empty",
                Map.of("colour", List.of("red")), "unknown parameter 'colour'");
        bad.forEach((q, message) -> {
            AlertFilter.BadRequest e = assertThrows(AlertFilter.BadRequest.class, () -> parse(q), q.toString());
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
        });
    }

    @Test
    void shouldKeepPlusSignsInPathSegments() {
        assertEquals("repeat-attacks-on-nationals/TJ+CN/2025-11-26",
                ApiHandler.decodePath("repeat-attacks-on-nationals%2FTJ+CN%2F2025-11-26"));
        assertEquals("repeat-attacks-on-nationals/TJ+CN/2025-11-26",
                ApiHandler.decodePath(ApiHandler.encodePath("repeat-attacks-on-nationals/TJ+CN/2025-11-26")));
        assertEquals(Map.of("district", List.of("Shamsiddin Shokhin"), "include", List.of("cancelled,expired")),
                ApiHandler.query("district=Shamsiddin+Shokhin&include=cancelled%2Cexpired"));
    }
}
