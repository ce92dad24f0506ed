package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.GroupState;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Episode;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");
    static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");

    private final MapReferenceData ref = new MapReferenceData()
            .district(new District("tj-panj", "TJ", "Khatlon", "Panj", List.of("Pyanj"), List.of("AF")))
            .site(new Site("s1", "Site one", "Op", "CN", "mining", "TJ", "Khatlon", "Pyanj", 37.2, 69.1, Map.of("CN", 3)));
    private final AlertLifecycle lifecycle = new AlertLifecycle(new AlertFactory(ref, code -> { }), Duration.ofDays(7));
    private final Rule rule = RuleFixtures.rule(MetricKind.SUM, "fatalities",
            Duration.ofDays(30), RuleFixtures.level(3, Severity.Severe),
            RuleFixtures.level(8, Severity.Extreme));

    private static Incident incident(String id, Instant at, int fatalities) {
        return RuleFixtures.incident(id, at, fatalities, null);
    }

    private static GroupChange change(String id, Incident before, Incident after) {
        return new GroupChange("r", "tj-panj", Map.of("district", "tj-panj"), id, before, after, 0L);
    }

    private AlertLifecycle.Outcome apply(GroupState state, GroupChange change) {
        Instant streamTime = change.after() != null ? change.after().occurredAt() : change.before().occurredAt();
        return lifecycle.apply(rule, state, change, streamTime, NOW);
    }

    @Test
    void shouldRaiseOneAlertAndNothingWhenTheSameChangeComesAgain() {
        Incident a = incident("a", T0, 3);
        AlertLifecycle.Outcome first = apply(GroupState.EMPTY, change("a", null, a));
        assertEquals(1, first.alerts().size());
        Alert alert = first.alerts().get(0);
        assertEquals(MsgType.Alert, alert.msgType());
        assertEquals("r/tj-panj/2025-11-26", alert.key());
        assertEquals(List.of("s1"), alert.affectedSites().stream().map(Alert.AffectedSite::siteId).toList(),
                "the site's admin2 alias resolves to the district");
        assertEquals(List.of(), apply(first.state(), change("a", a, a)).alerts());
    }

    @Test
    void shouldUpdateWithReferencesWhenTheLevelRises() {
        Incident a = incident("a", T0, 3);
        AlertLifecycle.Outcome first = apply(GroupState.EMPTY, change("a", null, a));
        AlertLifecycle.Outcome second = apply(first.state(), change("b", null, incident("b", T0.plus(Duration.ofDays(3)), 5)));
        Alert update = second.alerts().get(0);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals(Severity.Extreme, update.severity());
        assertEquals(first.alerts().get(0).key(), update.key());
        assertEquals(List.of(first.alerts().get(0).alertId()), update.references().stream().map(Alert.AlertReference::alertId).toList());
        assertEquals(List.of("a", "b"), update.incidentIds());
    }

    @Test
    void shouldCancelWhenARetractionLeavesTheThresholdUnmetAndNeverReuseTheKey() {
        Incident a = incident("a", T0, 3);
        AlertLifecycle.Outcome first = apply(GroupState.EMPTY, change("a", null, a));
        AlertLifecycle.Outcome retracted = apply(first.state(), change("a", a, null));
        Alert cancel = retracted.alerts().get(0);
        assertEquals(MsgType.Cancel, cancel.msgType());
        assertEquals(ResponseType.AllClear, cancel.response());
        assertEquals(first.alerts().get(0).key(), cancel.key());
        AlertLifecycle.Outcome again = apply(retracted.state(), change("a2", null, incident("a2", T0, 4)));
        Alert fresh = again.alerts().get(0);
        assertEquals(MsgType.Alert, fresh.msgType());
        assertNotEquals(cancel.key(), fresh.key());
        assertEquals("r/tj-panj/2025-11-26-2", fresh.key());
    }

    @Test
    void shouldLeaveAnOpenAlertAloneWhenAChangeDoesNotTouchItsEvidence() {
        AlertLifecycle.Outcome first = apply(GroupState.EMPTY, change("a", null, incident("a", T0, 3)));
        AlertLifecycle.Outcome later = apply(first.state(),
                change("z", null, incident("z", T0.plus(Duration.ofDays(31)), 1)));
        assertEquals(List.of(), later.alerts());
        assertEquals(1, later.state().openAlerts().size());
    }

    @Test
    void shouldCancelTheYoungerAlertWhenALateReportMergesTwoEpisodes() {
        AlertLifecycle.Outcome one = apply(GroupState.EMPTY, change("a", null, incident("a", T0, 3)));
        AlertLifecycle.Outcome two = apply(one.state(), change("b", null, incident("b", T0.plus(Duration.ofDays(35)), 3)));
        assertEquals(2, two.state().openAlerts().size());
        // Two episodes 35 days apart; a late report at day 30 shares a 30-day window with each and bridges them.
        AlertLifecycle.Outcome merged = lifecycle.apply(rule, two.state(),
                change("m", null, incident("m", T0.plus(Duration.ofDays(30)), 3)), T0.plus(Duration.ofDays(35)), NOW);
        assertTrue(merged.alerts().stream().anyMatch(x -> x.msgType() == MsgType.Update
                && x.key().equals(one.alerts().get(0).key())), merged.alerts().toString());
        assertTrue(merged.alerts().stream().anyMatch(x -> x.msgType() == MsgType.Cancel
                && x.key().equals(two.alerts().get(0).key()) && x.instruction().contains("Superseded")), merged.alerts().toString());
    }

    @Test
    void shouldScopeNationalitiesToTheGroupsVictimNationality() {
        Incident i = incident("a", T0, 3);
        assertEquals(java.util.Set.of("CN"), AlertFactory.scopedNationalities(Map.of("foreign_victim_nationality", "CN"), List.of(i)));
        assertEquals(List.of("a"), new Episode(List.of(i), 0, 3).evidenceIds());
    }
}
