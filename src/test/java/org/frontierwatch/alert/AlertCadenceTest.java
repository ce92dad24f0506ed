package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.AlertRecord;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.testing.GroupRun;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/**
 * The alert cadence through the production GroupEvaluator: count-only Updates held to one per update interval
 * (event time) and sent with the next change after they fall due or by their wall-clock bound, level changes at
 * once, and the closing AllClear of an ended episode with the final totals. One fatalities rule (3 Severe, 8 Extreme
 * in 30 days), grace 7 days, update interval 6 hours.
 */
class AlertCadenceTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");
    static final Instant NOW = Instant.parse("2025-12-10T00:00:00Z");
    static final Duration GRACE = Duration.ofDays(7);
    static final AlertCadence SIX_HOURS = new AlertCadence(Duration.ofHours(6), Duration.ofHours(24));

    private final MapReferenceData ref = new MapReferenceData().district(MapReferenceData.PANJ)
            .site(new Site("s1", "Site one", "Op", "CN", "mining", "TJ", "Khatlon", "Pyanj", 37.2, 69.1,
                    Map.of("CN", 3)));
    private final Rule rule = RuleFixtures.rule(MetricKind.SUM, "fatalities", Duration.ofDays(30),
            RuleFixtures.level(3, Severity.Severe), RuleFixtures.level(8, Severity.Extreme));
    private final GroupRun run = new GroupRun(rule, ref, GRACE, SIX_HOURS, "tj-panj",
            Map.of("district", "tj-panj"), NOW);

    private static Incident incident(String id, Instant at, int fatalities) {
        return RuleFixtures.incident(id, at, fatalities, null);
    }

    private static Instant hours(long h) {
        return T0.plus(Duration.ofHours(h));
    }

    @Test
    void shouldHoldCountOnlyChangesAndSendThemWithTheFirstChangeAfterTheIntervalCarryingAllThatAccumulated() {
        assertEquals(MsgType.Alert, run.add(incident("a", T0, 3)).get(0).msgType());
        assertEquals(List.of(), run.add(incident("b", hours(1), 1)), "count-only, one hour after the Alert");
        assertEquals(List.of(), run.add(incident("c", hours(2), 1)));
        assertTrue(run.alerts().get(0).pending());

        List<Alert> update = run.add(incident("d", hours(7), 1));
        assertEquals(1, update.size());
        assertEquals(MsgType.Update, update.get(0).msgType());
        assertEquals(4, update.get(0).content().count(), "every held change, and this one");
        assertEquals(6, update.get(0).content().fatalities());
        assertEquals(hours(7), update.get(0).asOf());
        assertEquals("r/tj-panj/2025-11-26#1", update.get(0).references().get(0).alertId());
        assertTrue(!run.alerts().get(0).pending());
    }

    @Test
    void shouldSendALevelChangeAtOnceEvenWithinTheInterval() {
        run.add(incident("a", T0, 3));
        assertEquals(List.of(), run.add(incident("b", hours(1), 1)));
        List<Alert> up = run.add(incident("c", hours(2), 4));
        assertEquals(1, up.size(), "Severe to Extreme is material");
        assertEquals(Severity.Extreme, up.get(0).content().severity());
        assertEquals(8, up.get(0).content().fatalities(), "with the held change folded in");
        assertEquals(hours(2), up.get(0).asOf());
    }

    @Test
    void shouldSendTheHeldChangeByItsWallClockBoundWhenNoFurtherChangeComes() {
        run.add(incident("a", T0, 3));
        run.add(incident("b", hours(1), 1));
        run.now(NOW.plus(Duration.ofHours(6)).minusMillis(1));
        assertEquals(List.of(), run.fire(hours(1), true), "not before the bound");
        run.now(NOW.plus(Duration.ofHours(6)));
        List<Alert> flushed = run.fire(hours(1), false);
        assertEquals(1, flushed.size(), "a held Update goes out by its bound even while other groups are busy");
        assertEquals(MsgType.Update, flushed.get(0).msgType());
        assertEquals(4, flushed.get(0).content().fatalities());
        assertEquals(hours(1), flushed.get(0).asOf(), "as of its newest evidence");
        assertEquals(List.of(), run.fire(hours(1), true), "and only once");
    }

    @Test
    void shouldCloseAnEndedEpisodeWithOneAllClearCarryingItsFinalTotalsAndThenStaySilent() {
        run.add(incident("a", T0, 3));
        run.add(incident("b", hours(1), 6));
        run.add(incident("c", hours(2), 1)); // held: 10 fatalities, Extreme
        Instant end = hours(2).plus(Duration.ofDays(30)).plus(GRACE);
        assertEquals(List.of(), run.fire(end, false), "a report at exactly window + grace could still renew it");

        List<Alert> closing = run.fire(end.plusNanos(1), false);
        assertEquals(1, closing.size());
        Alert clear = closing.get(0);
        assertEquals(MsgType.Update, clear.msgType());
        assertTrue(clear.isAllClear());
        assertEquals(ResponseType.AllClear, clear.content().response());
        assertEquals(Urgency.Past, clear.content().urgency());
        assertEquals(Severity.Extreme, clear.content().severity(), "the peak level");
        assertEquals(10, clear.content().fatalities(), "the final totals, the held change included");
        assertEquals(3, clear.content().count());
        assertTrue(clear.content().headline().startsWith("Ended: "), clear.content().headline());
        assertEquals(NOW.plus(Duration.ofHours(24)), clear.expires());
        assertEquals(end.plusNanos(1), clear.asOf());
        assertEquals(AlertRecord.Status.CLEARED, run.alerts().get(0).status());
        assertEquals(0, run.openAlerts());

        assertEquals(List.of(), run.fire(end.plusSeconds(1), true), "one AllClear");
        Incident revised = incident("a", T0, 5);
        assertEquals(List.of(), run.apply("a", incident("a", T0, 3), revised), "an ended alert is not reopened");
    }

    @Test
    void shouldLeaveTheTimerEntryWhereItWasWhileAFiringEpisodeGrowsAndMoveItWhenItFiresEarly() {
        run.add(incident("a", T0, 3));
        run.add(incident("b", hours(1), 1));
        // b is held: its wall-clock bound (6 h) is earlier than the AllClear's, so the entry moved with it.
        long heldDue = EntryKey.nanos(hours(1).plus(Duration.ofDays(30)).plus(GRACE)) + 1;
        assertEquals(List.of(heldDue), timerDues());
        run.add(incident("c", hours(2), 1));
        run.add(incident("d", hours(3), 1));
        assertEquals(List.of(heldDue), timerDues(), "only later since: the entry stays where it was, early");

        assertEquals(List.of(), run.fire(EntryKey.instant(heldDue), false), "fired early, nothing is due yet");
        Instant end = hours(3).plus(Duration.ofDays(30)).plus(GRACE);
        assertEquals(List.of(EntryKey.nanos(end) + 1), timerDues(), "moved to where the episode now ends");
        List<Alert> closing = run.fire(end.plusNanos(1), false);
        assertEquals(1, closing.size());
        assertTrue(closing.get(0).isAllClear());
        assertEquals(4, closing.get(0).content().count(), "with every incident, the held ones included");
        assertEquals(List.of(), timerDues());
    }

    private List<Long> timerDues() {
        List<Long> dues = new ArrayList<>();
        run.store().scanTimers(Long.MIN_VALUE, (due, group, wallDue) -> dues.add(due));
        return dues;
    }

    @Test
    void shouldCloseAQuietGroupByTheWallClockOnlyWhenTheInputIsQuiet() {
        run.add(incident("a", T0, 3));
        run.now(NOW.plus(Duration.ofDays(37)));
        assertEquals(List.of(), run.fire(T0, false), "reports still flow: event time decides");
        List<Alert> closing = run.fire(T0, true);
        assertEquals(1, closing.size());
        assertTrue(closing.get(0).isAllClear());
    }

    @Test
    void shouldSendEveryChangeAtOnceWithAnUpdateIntervalOfZero() {
        GroupRun everyChange = new GroupRun(rule, ref, GRACE, AlertCadence.EVERY_CHANGE, "tj-panj",
                Map.of("district", "tj-panj"), NOW);
        everyChange.add(incident("a", T0, 3));
        assertEquals(1, everyChange.add(incident("b", hours(1), 1)).size());
        assertEquals(1, everyChange.add(incident("c", hours(2), 1)).size());
    }
}
