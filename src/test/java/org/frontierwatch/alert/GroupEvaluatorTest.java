package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.testing.EvidenceFixtures;
import org.frontierwatch.testing.GroupRun;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.Reports;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * GroupEvaluator.apply on hand-built changes: which messages follow which change (alert, nothing twice, update,
 * cancel, merge), and their content from an AlertFactory over in-memory reference data (with what was
 * GroupEvaluatorMessageTest).
 */
class GroupEvaluatorTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");

    /** The lifecycle over one fatalities rule (3 Severe, 8 Extreme in 30 days) in Panj, with one site there. */
    @Nested
    class Lifecycle {

        static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");

        private final MapReferenceData ref = new MapReferenceData().district(MapReferenceData.PANJ)
                .site(new Site("s1", "Site one", "Op", "CN", "mining", "TJ", "Khatlon", "Pyanj", 37.2, 69.1,
                        Map.of("CN", 3)));
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
            assertEquals(List.of("s1"), alert.content().affectedSites().stream().map(AlertContent.AffectedSite::siteId)
                    .toList(),
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
            assertEquals(List.of(first.get(0).alertId()),
                    update.references().stream().map(Alert.AlertReference::alertId).toList());
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
        void shouldLeaveAnOpenAlertAloneWhenALaterIncidentFallsOutsideItsWindow() {
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
                    && x.key().equals(two.get(0).key()) && x.content().instruction().contains("Superseded")),
                            merged.toString());
        }

        @Test
        void shouldScopeNationalitiesToTheGroupsVictimNationality() {
            Incident i = incident("a", T0, 3);
            assertEquals(Set.of("CN"), AlertFactory.scopedNationalities(Map.of("foreign_victim_nationality", "CN"),
                    EvidenceFixtures.episode(rule, List.of(i), 0, 3)));
            assertEquals(List.of("a"), EvidenceFixtures.episode(rule, List.of(i), 0, 3).recentIds());
        }
    }

    /** Message content: keys, ids, references, severities, templates, sites and nationalities at risk. */
    @Nested
    class Messages {

        static final Instant NOW = Instant.parse("2025-12-01T09:00:00Z");
        static final Map<String, String> GROUP = Map.of("district", "tj-panj");

        private final MapReferenceData reference = MapReferenceData.border();
        private final List<String> missingNationalities = new ArrayList<>();
        private final AlertFactory factory = new AlertFactory(reference, missingNationalities::add);

        /** Two incidents within 7 days. */
        private final Rule countRule = RuleFixtures.templatedRule("two-attacks", MetricKind.COUNT, null,
                Duration.ofDays(7), RuleFixtures.level(2, Severity.Severe, ResponseType.Prepare));
        /** Fatalities over 30 days: 3 Severe, 8 Extreme. */
        private final Rule sumRule = RuleFixtures.templatedRule("deaths", MetricKind.SUM, "fatalities",
                Duration.ofDays(30), RuleFixtures.level(3, Severity.Severe, ResponseType.Prepare),
                RuleFixtures.level(8, Severity.Extreme, ResponseType.Evacuate));

        /** A clash in Panj, reported under its alias Pyanj, with Tajik victims. */
        private static Incident incident(String id, int revision, Instant at, int fatalities) {
            return RuleFixtures.inPanj(Reports.report(id).revision(revision).at(at).subEventType("Armed clash")
                    .admin1("Khatlon").admin2("Pyanj").fatalities(fatalities).victims("TJ").build());
        }

        /** Applies changes in order, stream time advancing with the newest event time; collects every message. */
        private GroupRun run(Rule rule) {
            return new GroupRun(rule, factory, Duration.ofDays(7), "tj-panj", GROUP, NOW);
        }

        @Test
        void referenceDataShouldResolveDistrictsByIdNameOrAliasWithinTheCountryOnly() {
            assertEquals(Optional.of("tj-panj"), reference.districtByName("TJ", "PYANJ").map(District::districtId));
            assertEquals(Optional.of("tj-panj"), reference.districtByName("TJ", "tj-panj").map(District::districtId));
            assertEquals(Optional.of("tj-darvoz"),
                    reference.districtByName("TJ", "Kalai-Khumb").map(District::districtId));
            assertEquals(Optional.of("af-panj"), reference.districtByName("AF", "Panj").map(District::districtId));
            assertEquals(Optional.empty(), reference.districtByName("AF", "Pyanj"));
            assertEquals("tj-panj",
                    new DistrictResolver(reference).enrich(incident("x", 1, T0, 0).report()).districtId());
        }

        @Test
        void shouldSendOneAlertTheFirstTimeTheRuleFires() {
            GroupRun run = run(sumRule);
            List<Alert> out = run.add(incident("a", 1, T0, 3));
            assertEquals(1, out.size());
            Alert alert = out.get(0);
            assertEquals(MsgType.Alert, alert.msgType());
            assertEquals("deaths/tj-panj/2025-11-26", alert.key());
            assertEquals("deaths/tj-panj/2025-11-26#1", alert.alertId());
            assertEquals(List.of(), alert.references());
            assertEquals(Severity.Severe, alert.content().severity());
            assertEquals(ResponseType.Prepare, alert.content().response());
            assertEquals(List.of("a"), alert.content().incidentIds());
            assertEquals("3 in Panj", alert.content().headline());
            assertEquals("Review plans for Panj cotton gin", alert.content().instruction());
            assertEquals(List.of("s-cotton"), alert.content().affectedSites().stream()
                    .map(AlertContent.AffectedSite::siteId).toList(),
                    "the site's admin2 alias 'Pyanj' puts it in tj-panj; the Darvoz site is not affected");
            assertEquals(List.of("TJ", "TR"),
                    alert.content().nationalities().stream().map(AlertContent.NationalityAtRisk::code).toList());
            assertEquals(NOW, alert.sent());
            assertEquals(NOW.plus(Duration.ofDays(14)), alert.expires());
            assertEquals(1, run.alerts().size());
            assertEquals(List.of(), missingNationalities);
        }

        @Test
        void shouldSendNothingWhenTheSameChangeIsAppliedAgain() {
            Incident a = incident("a", 1, T0, 3);
            GroupRun run = run(sumRule);
            assertEquals(1, run.add(a).size());
            List<AlertRecord> first = run.alerts();
            run.now(NOW.plus(Duration.ofHours(1)));
            assertEquals(List.of(), run.apply("a", a, a));
            assertEquals(first, run.alerts());
        }

        @Test
        void shouldSendAnUpdateReferencingTheAlertWhenARevisionRaisesTheLevel() {
            GroupRun run = run(sumRule);
            Incident a1 = incident("a", 1, T0, 3);
            Alert first = run.add(a1).get(0);
            Incident a2 = incident("a", 2, T0, 9);
            List<Alert> out = run.apply("a", a1, a2);
            assertEquals(1, out.size());
            Alert update = out.get(0);
            assertEquals(MsgType.Update, update.msgType());
            assertEquals(first.key(), update.key());
            assertEquals(first.key() + "#2", update.alertId());
            assertEquals(List.of(first.alertId()),
                    update.references().stream().map(Alert.AlertReference::alertId).toList());
            assertEquals(first.sent(), update.references().get(0).sent());
            assertEquals(Severity.Extreme, update.content().severity());
            assertEquals(ResponseType.Evacuate, update.content().response());
            assertEquals(9.0, update.content().metricValue());
            assertEquals("9 in Panj", update.content().headline());
        }

        @Test
        void shouldCancelWithAllClearWhenARetractionDropsTheCountBelowTheThreshold() {
            GroupRun run = run(countRule);
            assertEquals(List.of(), run.add(incident("a", 1, T0, 0)));
            Incident b = incident("b", 1, T0.plus(Duration.ofDays(2)), 0);
            Alert alert = run.add(b).get(0);
            assertEquals(MsgType.Alert, alert.msgType());
            assertEquals(List.of("a", "b"), alert.content().incidentIds());

            List<Alert> out = run.apply("b", b, null);
            assertEquals(1, out.size());
            Alert cancel = out.get(0);
            assertEquals(MsgType.Cancel, cancel.msgType());
            assertEquals(ResponseType.AllClear, cancel.content().response());
            assertEquals(alert.key(), cancel.key());
            assertEquals(alert.key() + "#2", cancel.alertId());
            assertEquals(List.of(alert.alertId()),
                    cancel.references().stream().map(Alert.AlertReference::alertId).toList());
            assertNull(cancel.expires());
            assertTrue(run.alerts().stream().allMatch(a -> a.status() == AlertRecord.Status.CANCELLED));
        }

        @Test
        void shouldGiveANewFiringAfterACancelANewKeyAndNeverASecondAlertWithTheSameKey() {
            GroupRun run = run(countRule);
            run.add(incident("a", 1, T0, 0));
            Incident b = incident("b", 1, T0.plus(Duration.ofDays(2)), 0);
            Alert alert = run.add(b).get(0);
            Alert cancel = run.apply("b", b, null).get(0);
            assertEquals(MsgType.Cancel, cancel.msgType());

            List<Alert> out = run.add(incident("c", 1, T0.plus(Duration.ofDays(3)), 0));
            assertEquals(1, out.size());
            Alert fresh = out.get(0);
            assertEquals(MsgType.Alert, fresh.msgType());
            assertNotEquals(alert.key(), fresh.key());
            assertEquals(alert.key() + "-2", fresh.key());
            assertEquals(fresh.key() + "#1", fresh.alertId());
            assertEquals(List.of("a", "c"), fresh.content().incidentIds());

            Set<String> alertKeys = new HashSet<>();
            for (Alert m : run.all) {
                if (m.msgType() == MsgType.Alert) {
                    assertTrue(alertKeys.add(m.key()), "second Alert for key " + m.key() + " in " + run.all);
                }
            }
            assertEquals(Set.of(alert.alertId(), cancel.alertId(), fresh.alertId()),
                    new HashSet<>(run.all.stream().map(Alert::alertId).toList()), "alert ids are unique per message");
        }

        @Test
        void shouldLeaveAnOpenAlertAloneWhenAChangeDoesNotTouchItsEvidence() {
            GroupRun run = run(countRule);
            run.add(incident("a", 1, T0, 0));
            run.add(incident("b", 1, T0.plus(Duration.ofDays(1)), 0));
            AlertRecord open = run.alerts().get(0);

            Incident z = incident("z", 1, T0.plus(Duration.ofDays(20)), 0);
            assertEquals(List.of(), run.add(z), "an incident outside the alert's window");
            assertEquals(List.of(open), run.alerts());
            assertEquals(List.of(), run.apply("z", z, null), "its retraction");
            assertEquals(List.of(open), run.alerts());
            Incident z2 = incident("z", 2, T0.plus(Duration.ofDays(21)), 4);
            assertEquals(List.of(), run.add(z2), "a revision of an unrelated incident");
            assertEquals(List.of(open), run.alerts());
        }

        @Test
        void shouldSendAnUpdateWhenANewIncidentJoinsTheOpenAlertsEpisode() {
            GroupRun run = run(countRule);
            run.add(incident("a", 1, T0, 0));
            Alert alert = run.add(incident("b", 1, T0.plus(Duration.ofDays(1)), 0)).get(0);
            List<Alert> out = run.add(incident("c", 1, T0.plus(Duration.ofDays(5)), 0));
            assertEquals(1, out.size());
            assertEquals(MsgType.Update, out.get(0).msgType());
            assertEquals(alert.key(), out.get(0).key());
            assertEquals(List.of("a", "b", "c"), out.get(0).content().incidentIds());
        }
    }
}
