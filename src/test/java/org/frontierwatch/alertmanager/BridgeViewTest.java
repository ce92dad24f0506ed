package org.frontierwatch.alertmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's lifecycle on the seed story's real alert messages: what Alertmanager is told, and when. */
class BridgeViewTest {

    /** Resent every minute: firing alerts end 4 minutes after our last post. */
    private static final AlertmanagerSettings SETTINGS = AlertmanagerSettings.NONE;
    private static final Duration HORIZON = SETTINGS.firingHorizon();
    private static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    private static final String CACHE = "weapons-cache/TJK-2025-0004";

    private TopologyHarness harness;
    private BridgeView view;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
        view = new BridgeView(SETTINGS);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private List<Alert> seed() {
        harness.seedScenario();
        List<Alert> alerts = harness.alerts();
        alerts.forEach(a -> view.apply(0, a));
        return alerts;
    }

    private static Instant lastSent(List<Alert> alerts) {
        return alerts.stream().map(Alert::sent).max(Instant::compareTo).orElseThrow();
    }

    private static List<AlertmanagerAlert> firing(List<AlertmanagerAlert> batch, Instant now) {
        return batch.stream().filter(a -> !a.resolvedAt(now)).toList();
    }

    private static List<AlertmanagerAlert> ofKey(List<AlertmanagerAlert> batch, String key) {
        return batch.stream().filter(a -> key.equals(a.labels().get("alert_key"))).toList();
    }

    /** The same message with other field values (snake_case JSON names). */
    private static Alert with(Alert a, Map<String, Object> fields) {
        ObjectNode tree = Json.mapper().valueToTree(a);
        fields.forEach((k, v) -> tree.set(k, Json.mapper().valueToTree(v)));
        return Json.mapper().convertValue(tree, Alert.class);
    }

    @Test
    void shouldFireOneLabelSetPerActiveAlertAndResolveTheOneAnUpdateReplaced() {
        List<Alert> alerts = seed();
        Instant now = lastSent(alerts).plusSeconds(1);
        List<AlertmanagerAlert> batch = view.batch(-1, now).alerts();

        List<AlertmanagerAlert> firing = firing(batch, now);
        assertEquals(6, firing.size(), "six keys, each firing once: " + batch);
        assertEquals(6, view.firing(now));
        List<AlertmanagerAlert> fatalities = ofKey(batch, FATALITIES);
        assertEquals(2, fatalities.size(), "the Prepare label set (resolved) and the Evacuate one: " + fatalities);
        Alert update = alerts.get(5);
        assertEquals(MsgType.Update, update.msgType());
        AlertmanagerAlert evacuate = fatalities.stream().filter(a -> !a.resolvedAt(now)).findFirst().orElseThrow();
        AlertmanagerAlert prepare = fatalities.stream().filter(a -> a.resolvedAt(now)).findFirst().orElseThrow();
        assertEquals("Evacuate", evacuate.labels().get("response"));
        assertEquals("Extreme", evacuate.labels().get("severity"));
        assertEquals("Prepare", prepare.labels().get("response"));
        assertEquals("Severe", prepare.labels().get("severity"));
        assertEquals(update.sent(), prepare.endsAt(), "the old label set ends when the Update was sent");
        assertEquals(update.sent(), evacuate.startsAt(), "the new label set starts with the Update");
        assertEquals(now.plus(HORIZON), evacuate.endsAt(), "firing: now + 4 resend intervals (expiry is later)");
        assertEquals(update.alertId(), evacuate.annotations().get("alert_id"));
    }

    @Test
    void shouldKeepStartsAtAcrossUpdatesThatKeepTheLabels() {
        List<Alert> alerts = seed();
        Alert first = alerts.get(0);
        Instant later = first.sent().plusSeconds(600);
        view.apply(0, with(first, Map.of("msg_type", "Update", "alert_id", first.key() + "#2", "sent", later,
                "headline", "New headline")));
        AlertmanagerAlert a = ofKey(view.batch(-1, later).alerts(), first.key()).get(0);
        assertEquals(1, ofKey(view.batch(-1, later).alerts(), first.key()).size());
        assertEquals(first.sent(), a.startsAt(), "same labels: the same Alertmanager alert, started at the first");
        assertEquals("New headline", a.annotations().get("summary"), "annotations follow the latest message");
    }

    @Test
    void shouldResolveACancelledAlertAndForgetItAfterTheRetention() {
        List<Alert> alerts = seed();
        harness.retract("TJK-2025-0004");
        List<Alert> cancel = harness.alerts().stream().filter(a -> a.key().equals(CACHE)).toList();
        assertEquals(MsgType.Cancel, cancel.get(0).msgType(), "the retraction cancels the weapons-cache alert");
        cancel.forEach(a -> view.apply(0, a));
        Instant cancelSent = cancel.get(0).sent();

        Instant soon = cancelSent.plusSeconds(60);
        List<AlertmanagerAlert> resolved = ofKey(view.batch(-1, soon).alerts(), CACHE);
        assertEquals(1, resolved.size());
        assertEquals(cancelSent, resolved.get(0).endsAt(), "a Cancel resolves the alert at its send time");
        assertTrue(resolved.get(0).resolvedAt(soon));
        assertEquals(5, view.firing(soon));

        Instant late = cancelSent.plus(HORIZON).plusSeconds(120);
        assertTrue(ofKey(view.batch(-1, late).alerts(), CACHE).isEmpty(),
                "after 4 resend intervals Alertmanager has ended it anyway: no need to keep it");
        assertEquals(5, firing(view.batch(-1, late).alerts(), late).size(), "the others still fire");
        assertEquals(7, alerts.size());
    }

    /**
     * The closing AllClear Updates of the seed story's episodes, as the processor sends them once the input has been
     * quiet for longer than the rules' windows plus the grace period.
     */
    private List<Alert> allClears() {
        harness.driver.advanceWallClockTime(Duration.ofDays(60));
        List<Alert> closing = harness.alerts();
        assertEquals(6, closing.size(), "one AllClear per seed alert key: " + closing);
        assertTrue(closing.stream().allMatch(Alert::isAllClear), closing.toString());
        return closing;
    }

    @Test
    void shouldResolveTheFiringAlertWhenItsEpisodeEndsWithAnAllClear() {
        List<Alert> alerts = seed();
        Instant beforeEnd = lastSent(alerts).plusSeconds(1);
        List<AlertmanagerAlert> firingBefore = ofKey(firing(view.batch(-1, beforeEnd).alerts(), beforeEnd), FATALITIES);
        assertEquals(1, firingBefore.size(), firingBefore.toString());
        long seen = view.version();

        List<Alert> closing = allClears();
        Alert allClear = closing.stream().filter(a -> a.key().equals(FATALITIES)).findFirst().orElseThrow();
        assertEquals("Evacuate", firingBefore.get(0).labels().get("response"));
        assertEquals(ResponseType.AllClear, allClear.content().response(), "its own response differs: " + allClear);
        closing.forEach(a -> view.apply(0, a));

        Instant now = allClear.sent().plusSeconds(1);
        assertEquals(0, view.firing(now), "every episode ended: nothing fires, not even the AllClears themselves");
        List<AlertmanagerAlert> delta = view.batch(seen, now).alerts();
        assertEquals(6, delta.size(), "one resolution per key, no new label set: " + delta);
        assertTrue(delta.stream().allMatch(a -> a.resolvedAt(now)), delta.toString());
        assertTrue(delta.stream().noneMatch(a -> "AllClear".equals(a.labels().get("response"))),
                "no label set of the AllClear's own: " + delta);
        List<AlertmanagerAlert> fatalities = ofKey(view.batch(-1, now).alerts(), FATALITIES);
        assertEquals(1, fatalities.size(), fatalities.toString());
        AlertmanagerAlert resolved = fatalities.get(0);
        assertEquals(firingBefore.get(0).labels(), resolved.labels(), "the label set that was firing, so it matches");
        assertEquals(firingBefore.get(0).startsAt(), resolved.startsAt());
        assertEquals(allClear.sent(), resolved.endsAt(), "an AllClear resolves the alert at its send time");
        assertEquals(allClear.alertId(), resolved.annotations().get("alert_id"));
        assertTrue(resolved.annotations().get("summary").startsWith("Ended: "), resolved.toString());

        Instant late = now.plus(HORIZON).plusSeconds(120);
        assertTrue(view.batch(-1, late).alerts().isEmpty(), "forgotten after the retention, as for a Cancel");
    }

    @Test
    void shouldNotFireAnAllClearWhoseFiringMessageTheBridgeNeverRead() {
        harness.seedScenario();
        harness.alerts();
        Alert allClear = allClears().get(0);
        BridgeView fresh = new BridgeView(SETTINGS);
        fresh.apply(0, allClear);
        Instant now = allClear.sent().plusSeconds(1);
        assertEquals(0, fresh.firing(now));
        List<AlertmanagerAlert> batch = fresh.batch(-1, now).alerts();
        assertEquals(1, batch.size(), batch.toString());
        assertTrue(batch.get(0).resolvedAt(now), "sent as resolved, never as firing: " + batch);
    }

    @Test
    void shouldEndAFiringAlertAtItsExpiryAndResolveItOnceExpired() {
        Alert first = seed().get(0);
        Instant expires = first.sent().plusSeconds(90);
        view.apply(0, with(first, Map.of("alert_id", first.key() + "#2", "msg_type", "Update", "expires", expires)));
        AlertmanagerAlert before = ofKey(view.batch(-1, first.sent()).alerts(), first.key()).get(0);
        assertEquals(expires, before.endsAt(), "endsAt is the expiry when it comes before now + horizon");
        Instant after = expires.plusSeconds(5);
        AlertmanagerAlert expired = ofKey(view.batch(-1, after).alerts(), first.key()).get(0);
        assertTrue(expired.resolvedAt(after));
        assertEquals(expires, expired.endsAt());
    }

    @Test
    void shouldSendOnlyWhatChangedSinceAVersion() {
        List<Alert> alerts = seed();
        Instant now = lastSent(alerts);
        BridgeView.Batch all = view.batch(-1, now);
        assertTrue(view.batch(all.version(), now).alerts().isEmpty(), "nothing changed");
        Alert first = alerts.get(0);
        view.apply(0, with(first, Map.of("alert_id", first.key() + "#2", "msg_type", "Update")));
        List<AlertmanagerAlert> delta = view.batch(all.version(), now).alerts();
        assertEquals(1, delta.size(), delta.toString());
        assertEquals(first.key(), delta.get(0).labels().get("alert_key"));
        assertTrue(view.awaitChange(all.version(), Duration.ofMillis(1)), "a change after the version is seen");
    }

    @Test
    void shouldForgetTheAlertsOfAPartitionThatMovedWithoutResolvingThem() {
        harness.seedScenario();
        List<Alert> alerts = harness.alerts();
        alerts.forEach(a -> view.apply(a.key().equals(CACHE) ? 1 : 0, a));
        Instant now = lastSent(alerts);
        List<AlertmanagerAlert> before = view.batch(-1, now).alerts();
        view.dropPartition(1);
        List<AlertmanagerAlert> after = view.batch(-1, now).alerts();
        assertEquals(before.size() - 1, after.size(), after.toString());
        assertTrue(ofKey(after, CACHE).isEmpty(), "not sent at all, in particular not as resolved: " + after);
        assertEquals(firing(before, now).size() - 1, firing(after, now).size());
    }
}
