package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.EvidenceFixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/** An alert over a huge group stays far below the broker's 1 MB record limit, with totals over all evidence. */
class AlertSizeBoundsTest {

    private static final int ONE_MB = 1024 * 1024;
    private static final Instant T0 = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");
    private static final Map<String, String> GROUP = Map.of("district", "tj-panj");

    private final MapReferenceData ref = new MapReferenceData()
            .district(MapReferenceData.PANJ);
    private final AlertFactory factory = new AlertFactory(ref, code -> { });
    private final Rule rule = new Rule("busy-district", "Security alert", RuleKind.WINDOWED, MetricKind.COUNT, null,
            Duration.ofDays(30), List.of(GroupDimension.DISTRICT), Filter.ANY,
            List.of(RuleFixtures.level(1, Severity.Severe)), Scope.DISTRICT,
            "{count} incidents in {district}, {fatalities} killed",
            "Sites {site_names}: review plans ({sites} sites)", Duration.ofDays(7), null);

    AlertSizeBoundsTest() {
        for (int s = 0; s < 2_000; s++) {
            ref.site(new Site(String.format("site-%05d", s), "Site " + "n".repeat(240) + s, "Operator "
                    + "o".repeat(240),
                    "CN", "mining", "TJ", "Khatlon", "Panj", 37.2, 69.1, Map.of("CN", 3, "TJ", 40)));
        }
    }

    /** {@code n} incidents a minute apart, with maximal 256-character ids, one fatality each. */
    private static List<Incident> evidence(int n) {
        List<Incident> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = String.format("%05d-", i) + "x".repeat(250);
            out.add(RuleFixtures.incident(id, T0.plus(Duration.ofMinutes(i)), 1, null));
        }
        return out;
    }

    private Alert build(List<Incident> evidence) {
        return factory.build(rule, EvidenceFixtures.episode(rule, evidence, 0, evidence.size()), GROUP,
                "busy-district/tj-panj/2025-11-01",
                MsgType.Alert, 1, List.of(), NOW, NOW);
    }

    @Test
    void shouldKeepTheAlertOfAFiveThousandIncidentGroupBelowOneMegabyteAsJsonAndAsValidCap() {
        List<Incident> evidence = evidence(5_000);
        Alert alert = build(evidence);

        byte[] json = new JsonSerde<>(Alert.class).serializer().serialize("alerts", alert);
        String cap = new CapXmlWriter(CapSettings.DEFAULT).write(alert);
        assertTrue(json.length < ONE_MB / 4, "alert JSON is " + json.length + " bytes");
        assertTrue(cap.getBytes(StandardCharsets.UTF_8).length < ONE_MB / 4, "CAP is " + cap.length() + " chars");
        CapSchema.assertValid(cap);
        assertTrue(cap.contains("Evidence: the latest 200 of 5000: "), "CAP says the evidence list is partial");
        assertTrue(cap.contains("Sites (100 of 2000): "), "CAP says the site list is partial");
    }

    @Test
    void shouldListTheMostRecentIncidentIdsInTimeOrderAndKeepTotalsOverAllEvidence() {
        List<Incident> evidence = evidence(5_000);
        Alert alert = build(evidence);

        assertEquals(AlertFactory.MAX_INCIDENT_IDS, alert.content().incidentIds().size());
        assertEquals(evidence.subList(4_800, 5_000).stream().map(Incident::id).toList(), alert.content().incidentIds());
        assertEquals(5_000, alert.content().incidentIdsTotal());
        assertTrue(alert.content().incidentIdsTruncated());
        assertEquals(5_000, alert.content().count());
        assertEquals(5_000, alert.content().fatalities());
        assertEquals(5_000.0, alert.content().metricValue());
        assertEquals(T0, alert.content().windowStart(), "the window still starts at the oldest evidence");
        assertEquals(AlertFactory.MAX_AFFECTED_SITES, alert.content().affectedSites().size());
        assertEquals("site-00000", alert.content().affectedSites().get(0).siteId());
        assertEquals(2_000, alert.content().affectedSitesTotal());
        assertTrue(alert.content().affectedSitesTruncated());
        assertEquals("5000 incidents in Panj, 5000 killed", alert.content().headline());
        assertTrue(alert.content().instruction().endsWith(" and 1990 more: review plans (2000 sites)"),
                alert.content().instruction());
    }

    @Test
    void shouldKeepSmallAlertsComplete() {
        Alert alert = build(evidence(3));
        assertEquals(3, alert.content().incidentIds().size());
        assertEquals(3, alert.content().incidentIdsTotal());
        assertFalse(alert.content().incidentIdsTruncated());
    }

    @Test
    void shouldRoundTripTheTotalsThroughJson() {
        Alert alert = build(evidence(300));
        JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
        Alert back = serde.deserializer().deserialize("alerts", serde.serializer().serialize("alerts", alert));
        assertEquals(alert, back);
        String json = new String(serde.serializer().serialize("alerts", alert), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"incident_ids_total\":300"), json.substring(0, 200));
        assertTrue(json.contains("\"affected_sites_total\":2000"));
    }

    @Test
    void shouldTreatAStoredAlertWithoutTotalsAsComplete() {
        Alert alert = build(evidence(3));
        String json = new String(new JsonSerde<>(Alert.class).serializer().serialize("alerts", alert),
                StandardCharsets.UTF_8).replace("\"incident_ids_total\":3,", "");
        Alert old = new JsonSerde<>(Alert.class).deserializer().deserialize("alerts",
                json.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, old.content().incidentIdsTotal());
        assertTrue(AlertDecisions.sameContent(alert, old), "an alert stored before the totals existed is not re-sent");
    }

    @Test
    void shouldSeeSameContentForTheSameEvidenceAndNewContentWhenOnlyAnUnlistedOlderIncidentIsAdded() {
        List<Incident> evidence = evidence(5_000);
        Alert first = build(evidence);
        assertTrue(AlertDecisions.sameContent(first, build(evidence)));

        List<Incident> withLateOld = new ArrayList<>(evidence);
        withLateOld.add(0, RuleFixtures.incident("late-old", T0.minus(Duration.ofHours(1)), 0, null));
        Alert second = build(withLateOld);
        assertEquals(first.content().incidentIds(), second.content().incidentIds(),
                "the listed (latest) ids are the same");
        assertFalse(AlertDecisions.sameContent(first, second), "but count and total changed: an Update is due");
        assertEquals(5_001, second.content().incidentIdsTotal());
    }

    @Test
    void shouldSaturateTheFatalityTotalInsteadOfOverflowing() {
        List<Incident> evidence = List.of(
                RuleFixtures.incident("a", T0, Integer.MAX_VALUE, null),
                RuleFixtures.incident("b", T0.plusSeconds(60), Integer.MAX_VALUE, null));
        assertEquals(Integer.MAX_VALUE, build(evidence).content().fatalities());
    }
}
