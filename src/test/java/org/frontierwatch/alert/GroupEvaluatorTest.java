package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.EvidenceFixtures;
import org.frontierwatch.testing.GroupRun;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/** GroupEvaluator.apply on hand-built changes: alert, nothing twice, update, cancel, merge (ported from AlertLifecycleTest). */
class GroupEvaluatorTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");
    static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");

    private final MapReferenceData ref = new MapReferenceData()
            .district(new District("tj-panj", "TJ", "Khatlon", "Panj", List.of("Pyanj"), List.of("AF")))
            .site(new Site("s1", "Site one", "Op", "CN", "mining", "TJ", "Khatlon", "Pyanj", 37.2, 69.1, Map.of("CN", 3)));
    private final Rule rule = RuleFixtures.rule(MetricKind.SUM, "fatalities",
            Duration.ofDays(30), RuleFixtures.level(3, Severity.Severe),
            RuleFixtures.level(8, Severity.Extreme));

    private static Incident incident(String id, Instant at, int fatalities) {
        return RuleFixtures.incident(id, at, fatalities, null);
    }

    private GroupRun run() {
        return new GroupRun(rule, ref, Duration.ofDays(7), "tj-panj", Map.of("district", "tj-panj"), NOW);
    }

    @Test
    void shouldRaiseOneAlertAndNothingWhenTheSameChangeComesAgain() {
        Incident a = incident("a", T0, 3);
        GroupRun run = run();
        List<Alert> first = run.add(a);
        assertEquals(1, first.size());
        Alert alert = first.get(0);
        assertEquals(MsgType.Alert, alert.msgType());
        assertEquals("r/tj-panj/2025-11-26", alert.key());
        assertEquals(List.of("s1"), alert.content().affectedSites().stream().map(AlertContent.AffectedSite::siteId).toList(),
                "the site's admin2 alias resolves to the district");
        assertEquals(List.of(), run.apply("a", a, a));
    }

    @Test
    void shouldUpdateWithReferencesWhenTheLevelRises() {
        Incident a = incident("a", T0, 3);
        GroupRun run = run();
        List<Alert> first = run.add(a);
        List<Alert> second = run.add(incident("b", T0.plus(Duration.ofDays(3)), 5));
        Alert update = second.get(0);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals(Severity.Extreme, update.content().severity());
        assertEquals(first.get(0).key(), update.key());
        assertEquals(List.of(first.get(0).alertId()), update.references().stream().map(Alert.AlertReference::alertId).toList());
        assertEquals(List.of("a", "b"), update.content().incidentIds());
    }

    @Test
    void shouldCancelWhenARetractionLeavesTheThresholdUnmetAndNeverReuseTheKey() {
        Incident a = incident("a", T0, 3);
        GroupRun run = run();
        List<Alert> first = run.add(a);
        List<Alert> retracted = run.apply("a", a, null);
        Alert cancel = retracted.get(0);
        assertEquals(MsgType.Cancel, cancel.msgType());
        assertEquals(ResponseType.AllClear, cancel.content().response());
        assertEquals(first.get(0).key(), cancel.key());
        List<Alert> again = run.add(incident("a2", T0, 4));
        Alert fresh = again.get(0);
        assertEquals(MsgType.Alert, fresh.msgType());
        assertNotEquals(cancel.key(), fresh.key());
        assertEquals("r/tj-panj/2025-11-26-2", fresh.key());
    }

    @Test
    void shouldLeaveAnOpenAlertAloneWhenAChangeDoesNotTouchItsEvidence() {
        GroupRun run = run();
        run.add(incident("a", T0, 3));
        List<Alert> later = run.add(incident("z", T0.plus(Duration.ofDays(31)), 1));
        assertEquals(List.of(), later);
        assertEquals(1, run.alerts().size());
    }

    @Test
    void shouldCancelTheYoungerAlertWhenALateReportMergesTwoEpisodes() {
        GroupRun run = run();
        List<Alert> one = run.add(incident("a", T0, 3));
        List<Alert> two = run.add(incident("b", T0.plus(Duration.ofDays(35)), 3));
        assertEquals(2, run.alerts().size());
        // Two episodes 35 days apart; a late report at day 30 shares a 30-day window with each and bridges them.
        List<Alert> merged = run.apply("m", null, incident("m", T0.plus(Duration.ofDays(30)), 3),
                T0.plus(Duration.ofDays(35)));
        assertTrue(merged.stream().anyMatch(x -> x.msgType() == MsgType.Update
                && x.key().equals(one.get(0).key())), merged.toString());
        assertTrue(merged.stream().anyMatch(x -> x.msgType() == MsgType.Cancel
                && x.key().equals(two.get(0).key()) && x.content().instruction().contains("Superseded")), merged.toString());
    }

    @Test
    void shouldScopeNationalitiesToTheGroupsVictimNationality() {
        Incident i = incident("a", T0, 3);
        assertEquals(java.util.Set.of("CN"), AlertFactory.scopedNationalities(Map.of("foreign_victim_nationality", "CN"),
                EvidenceFixtures.episode(rule, List.of(i), 0, 3)));
        assertEquals(List.of("a"), EvidenceFixtures.episode(rule, List.of(i), 0, 3).recentIds());
    }
}
