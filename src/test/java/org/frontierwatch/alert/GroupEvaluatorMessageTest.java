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
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.testing.GroupRun;
import org.frontierwatch.testing.MapReferenceData;
import org.junit.jupiter.api.Test;

/** GroupEvaluator.apply with an AlertFactory over in-memory reference data: which messages follow which change. */
class GroupEvaluatorMessageTest {

    private static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");
    private static final Instant NOW = Instant.parse("2025-12-01T09:00:00Z");
    private static final Map<String, String> GROUP = Map.of("district", "tj-panj");

    private final MapReferenceData reference = new MapReferenceData()
            .district(new District("tj-panj", "TJ", "Khatlon", "Panj", List.of("Pyanj", "Pyandzh"), List.of("AF")))
            .district(new District("tj-darvoz", "TJ", "Gorno-Badakhshan", "Darvoz", List.of("Kalai Khumb"), List.of("AF")))
            .district(new District("af-panj", "AF", "Kunduz", "Panj", List.of(), List.of("TJ")))
            .site(new Site("s-cotton", "Panj cotton gin", "Anatolia Textiles", "TR", "agriculture", "TJ", "Khatlon",
                    "Pyanj", 37.24, 69.10, Map.of("TR", 12, "TJ", 210)))
            .site(new Site("s-road", "Darvoz road works", "CRBC", "CN", "construction", "TJ", "Gorno-Badakhshan",
                    "Darvoz", 38.46, 70.79, Map.of("CN", 35)))
            .nationality(new Nationality("TR", "Turkey", "Turkish", "Embassy of Turkiye in Dushanbe"))
            .nationality(new Nationality("TJ", "Tajikistan", "Tajik", "MFA Dushanbe"));

    private final List<String> missingNationalities = new ArrayList<>();
    private final AlertFactory factory = new AlertFactory(reference, missingNationalities::add);

    private static Level level(double min, Severity severity, ResponseType response) {
        return new Level(min, severity, Urgency.Immediate, Certainty.Observed, response, null, null);
    }

    private static Rule rule(String id, MetricKind metric, String field, Duration window, Level... levels) {
        return new Rule(id, "Security alert", RuleKind.WINDOWED, metric, field, window, List.of(GroupDimension.DISTRICT),
                Filter.ANY, List.of(levels), Scope.DISTRICT, "{metric} in {district}", "Review plans for {site_names}",
                Duration.ofDays(14));
    }

    /** Two incidents within 7 days. */
    private final Rule countRule = rule("two-attacks", MetricKind.COUNT, null, Duration.ofDays(7),
            level(2, Severity.Severe, ResponseType.Prepare));
    /** Fatalities over 30 days: 3 Severe, 8 Extreme. */
    private final Rule sumRule = rule("deaths", MetricKind.SUM, "fatalities", Duration.ofDays(30),
            level(3, Severity.Severe, ResponseType.Prepare), level(8, Severity.Extreme, ResponseType.Evacuate));

    private static Incident incident(String id, int revision, Instant at, int fatalities) {
        IncidentReport r = new IncidentReport(id, revision, at, null, "Battles", "Armed clash", "TJ", "Khatlon",
                "Pyanj", null, null, null, fatalities, null, List.of("TJ"), null, null, null, List.of(), null, null);
        return new Incident(r, "tj-panj", "Panj", "Khatlon", true, false);
    }

    /** Applies changes in order, stream time advancing with the newest event time; collects every message. */
    private final class Run {
        final GroupRun group;
        final List<Alert> all;

        Run(Rule rule) {
            group = new GroupRun(rule, factory, Duration.ofDays(7), "tj-panj", GROUP, NOW);
            all = group.all;
        }

        List<Alert> apply(String id, Incident before, Incident after) {
            return group.apply(id, before, after);
        }

        List<Alert> add(Incident i) {
            return apply(i.id(), null, i);
        }

        List<AlertRecord> alerts() {
            return group.alerts();
        }
    }

    @Test
    void referenceDataShouldResolveDistrictsByIdNameOrAliasWithinTheCountryOnly() {
        assertEquals(Optional.of("tj-panj"), reference.districtByName("TJ", "PYANJ").map(District::districtId));
        assertEquals(Optional.of("tj-panj"), reference.districtByName("TJ", "tj-panj").map(District::districtId));
        assertEquals(Optional.of("tj-darvoz"), reference.districtByName("TJ", "Kalai-Khumb").map(District::districtId));
        assertEquals(Optional.of("af-panj"), reference.districtByName("AF", "Panj").map(District::districtId));
        assertEquals(Optional.empty(), reference.districtByName("AF", "Pyanj"));
        assertEquals("tj-panj", new DistrictResolver(reference).enrich(incident("x", 1, T0, 0).report()).districtId());
    }

    @Test
    void shouldSendOneAlertTheFirstTimeTheRuleFires() {
        Run run = new Run(sumRule);
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
        assertEquals(List.of("s-cotton"), alert.content().affectedSites().stream().map(AlertContent.AffectedSite::siteId).toList(),
                "the site's admin2 alias 'Pyanj' puts it in tj-panj; the Darvoz site is not affected");
        assertEquals(List.of("TJ", "TR"), alert.content().nationalities().stream().map(AlertContent.NationalityAtRisk::code).toList());
        assertEquals(NOW, alert.sent());
        assertEquals(NOW.plus(Duration.ofDays(14)), alert.expires());
        assertEquals(1, run.alerts().size());
        assertEquals(List.of(), missingNationalities);
    }

    @Test
    void shouldSendNothingWhenTheSameChangeIsAppliedAgain() {
        Incident a = incident("a", 1, T0, 3);
        Run run = new Run(sumRule);
        assertEquals(1, run.add(a).size());
        List<AlertRecord> first = run.alerts();
        run.group.now(NOW.plus(Duration.ofHours(1)));
        assertEquals(List.of(), run.apply("a", a, a));
        assertEquals(first, run.alerts());
    }

    @Test
    void shouldSendAnUpdateReferencingTheAlertWhenARevisionRaisesTheLevel() {
        Run run = new Run(sumRule);
        Incident a1 = incident("a", 1, T0, 3);
        Alert first = run.add(a1).get(0);
        Incident a2 = incident("a", 2, T0, 9);
        List<Alert> out = run.apply("a", a1, a2);
        assertEquals(1, out.size());
        Alert update = out.get(0);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals(first.key(), update.key());
        assertEquals(first.key() + "#2", update.alertId());
        assertEquals(List.of(first.alertId()), update.references().stream().map(Alert.AlertReference::alertId).toList());
        assertEquals(first.sent(), update.references().get(0).sent());
        assertEquals(Severity.Extreme, update.content().severity());
        assertEquals(ResponseType.Evacuate, update.content().response());
        assertEquals(9.0, update.content().metricValue());
        assertEquals("9 in Panj", update.content().headline());
    }

    @Test
    void shouldCancelWithAllClearWhenARetractionDropsTheCountBelowTheThreshold() {
        Run run = new Run(countRule);
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
        assertEquals(List.of(alert.alertId()), cancel.references().stream().map(Alert.AlertReference::alertId).toList());
        assertNull(cancel.expires());
        assertTrue(run.alerts().stream().allMatch(AlertRecord::cancelled));
    }

    @Test
    void shouldGiveANewFiringAfterACancelANewKeyAndNeverASecondAlertWithTheSameKey() {
        Run run = new Run(countRule);
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
        Run run = new Run(countRule);
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
        Run run = new Run(countRule);
        run.add(incident("a", 1, T0, 0));
        Alert alert = run.add(incident("b", 1, T0.plus(Duration.ofDays(1)), 0)).get(0);
        List<Alert> out = run.add(incident("c", 1, T0.plus(Duration.ofDays(5)), 0));
        assertEquals(1, out.size());
        assertEquals(MsgType.Update, out.get(0).msgType());
        assertEquals(alert.key(), out.get(0).key());
        assertEquals(List.of("a", "b", "c"), out.get(0).content().incidentIds());
    }
}
