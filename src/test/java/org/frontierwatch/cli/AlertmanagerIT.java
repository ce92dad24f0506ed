package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.AlertmanagerProcess;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager bridge against a real broker and Debian's real {@code prometheus-alertmanager} with the shipped
 * configuration, read back with {@code amtool}: the seed story routed, grouped and inhibited; a retraction resolved,
 * and every alert resolved by its closing AllClear once the story's episodes end;
 * Alertmanager and the processor restarted; Alertmanager down while reports arrive.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AlertmanagerIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    /** Short, so that the tests see several resends; the default is one minute. */
    static final Duration RESEND = Duration.ofSeconds(2);
    /** How long after the resend interval a change may take to show (CPU contention on a 2-core CI machine). */
    static final Duration SLACK = Duration.ofSeconds(15);
    static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    static final String CACHE = "weapons-cache/TJK-2025-0004";
    /** Active and not inhibited once the seed story is in: the evacuation advisories. */
    static final Set<String> EVACUATE = Set.of("foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26", FATALITIES,
            "foreign-workers-killed/tj-darvoz/2025-11-30", "repeat-attacks-on-nationals/TJ+CN/2025-11-26");
    /** Muted by the shipped inhibition rule: lower advisories of Shamsiddin Shohin, where an evacuation fires. */
    static final Set<String> INHIBITED = Set.of("cross-border-incursions/tj-shamsiddin-shohin/2025-11-26", CACHE);

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    static ProcessorRunner.Settings settings(String prefix, String alertmanagerUrl, int partitions) {
        return ProcessorIT.settings(broker.bootstrapServers(), tmp, prefix, partitions, Map.of(
                "frontier.alertmanager.urls", alertmanagerUrl,
                "frontier.alertmanager.resend-interval", RESEND.toString(),
                "frontier.alertmanager.timeout", "PT2S"));
    }

    static ProcessorRunner running(ProcessorRunner.Settings s) throws InterruptedException {
        return ProcessorIT.startRunning(s);
    }

    static void sendSeed(ProcessorRunner.Settings s) throws Exception {
        KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), Fixtures.seedReports(),
                "id");
    }

    static void awaitAlertsOnTopic(ProcessorRunner.Settings s, int count) throws Exception {
        try (KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                s.config().topics().alerts())) {
            List<ConsumerRecord<byte[], byte[]>> read = alerts.readUntil(r -> r.size() >= count, WAIT);
            assertEquals(count, read.size(), "alerts on the topic");
        }
    }

    static void retract(ProcessorRunner.Settings s, String incidentId) throws Exception {
        KafkaClients.sendTombstone(broker.bootstrapServers(), s.config().topics().incidentReports(), incidentId);
    }

    static Set<String> keys(List<JsonNode> alerts) {
        Set<String> keys = new TreeSet<>();
        alerts.forEach(a -> keys.add(a.path("labels").path("alert_key").asText()));
        return keys;
    }

    static List<JsonNode> ofKey(List<JsonNode> alerts, String key) {
        return alerts.stream().filter(a -> key.equals(a.path("labels").path("alert_key").asText())).toList();
    }

    /** Waits until amtool shows exactly {@code active} (not inhibited) and {@code inhibited}. */
    static void awaitAlertmanagerShows(AlertmanagerProcess am, Set<String> active, Set<String> inhibited,
                                       Duration within) throws Exception {
        List<List<JsonNode>> seen = new ArrayList<>(List.of(List.of(), List.of()));
        Await.until(() -> {
            seen.set(0, am.query());
            seen.set(1, am.query("--inhibited"));
            return keys(seen.get(0)).equals(active) && keys(seen.get(1)).equals(inhibited);
        }, within, () -> "alertmanager shows active " + new TreeSet<>(active) + ", inhibited "
                + new TreeSet<>(inhibited) + "; saw " + keys(seen.get(0)) + " and " + keys(seen.get(1)) + "\n"
                + am.log());
    }

    @Test
    void shouldShipAConfigurationAmtoolAccepts() throws Exception {
        try (JarProcess check = JarProcess.startCommand(
                List.of("amtool", "check-config", AlertmanagerProcess.SHIPPED_CONFIG.toString()), Map.of(), null)) {
            assertEquals(0, check.waitFor(Duration.ofSeconds(30)), check.stdout() + check.stderr());
            assertTrue(check.stdout().contains("1 inhibit rules"), check.stdout());
            assertTrue(check.stdout().contains("3 receivers"), check.stdout());
        }
    }

    @Test
    void shouldRefuseAnAlertmanagerUrlThatIsNotOneWithOneLine() throws Exception {
        try (JarProcess run = JarProcess.start(Map.of(), null,
                "run", "--bootstrap-server", broker.bootstrapServers(), "--alertmanager-url", "alertmanager:9093")) {
            assertEquals(1, run.waitFor(WAIT), run.stderr());
            assertTrue(run.stderr()
                    .contains("--alertmanager-url: 'alertmanager:9093' is not an http:// or https:// URL"),
                    run.stderr());
            assertTrue(!run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        }
        try (JarProcess run = JarProcess.start(
                Map.of("FW_ALERTMANAGER_URLS", "http://127.0.0.1:1,ftp://x"), null,
                "run", "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(1, run.waitFor(WAIT), run.stderr());
            assertTrue(run.stderr().contains("'ftp://x' is not an http:// or https:// URL"), run.stderr());
        }
    }

    @Test
    void shouldShowTheSeedStoryRoutedGroupedAndInhibitedAndResolveARetractedAlert() throws Exception {
        try (AlertmanagerProcess am = AlertmanagerProcess.start(AlertmanagerProcess.SHIPPED_CONFIG,
                tmp.resolve("am-seed"))) {
            ProcessorRunner.Settings s = settings("amseed", am.url(), 1);
            try (ProcessorRunner runner = running(s)) {
                sendSeed(s);
                awaitAlertsOnTopic(s, Fixtures.SEED_ALERTS.size());
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, WAIT);

                List<JsonNode> active = am.query();
                List<JsonNode> fatalities = ofKey(active, FATALITIES);
                assertEquals(1, fatalities.size(), "the Update from Prepare to Evacuate leaves one alert: "
                        + fatalities);
                JsonNode labels = fatalities.get(0).path("labels");
                assertEquals("Evacuate", labels.path("response").asText());
                assertEquals("Extreme", labels.path("severity").asText());
                assertEquals("district-fatalities", labels.path("alertname").asText());
                assertEquals("district-fatalities", labels.path("rule").asText());
                assertEquals("Immediate", labels.path("urgency").asText());
                assertEquals("TJ", labels.path("country").asText());
                assertEquals("Shamsiddin Shohin", labels.path("district").asText());
                assertEquals("CN,RU,TJ", labels.path("nationalities").asText(),
                        "every nationality at the district's sites");
                assertTrue(fatalities.get(0).path("annotations").path("summary").asText().contains("Shamsiddin Shohin"),
                        fatalities.get(0).toString());
                for (JsonNode a : active) {
                    assertEquals("duty-officer-page", a.path("receivers").path(0).path("name").asText(),
                            "Extreme alerts route to the duty officer: " + a);
                }
                for (JsonNode a : am.query("--inhibited")) {
                    assertTrue(a.path("status").path("inhibitedBy").size() > 0, "inhibited by an evacuation: " + a);
                    assertEquals("suppressed", a.path("status").path("state").asText(), a.toString());
                }
                JsonNode cache = ofKey(am.query("--inhibited"), CACHE).get(0);
                assertEquals("situation-report", cache.path("receivers").path(0).path("name").asText(),
                        "a Moderate notice routes to the situation report: " + cache);

                retract(s, "TJK-2025-0004");
                Set<String> afterCancel = new TreeSet<>(INHIBITED);
                afterCancel.remove(CACHE);
                awaitAlertmanagerShows(am, EVACUATE, afterCancel, WAIT);
                assertEquals(0.0, runner.metrics().registry().find("frontierwatch.alertmanager.post.failures")
                        .counters().stream().mapToDouble(c -> c.count()).sum(), "no failed post");
                assertTrue(runner.metrics().registry().get("frontierwatch.alertmanager.alerts.posted").counter().count()
                        >= 7, "posted alerts are counted");
                assertEquals(5.0, runner.metrics().registry().get("frontierwatch.alertmanager.alerts.active").gauge()
                        .value(), "active alerts known to the bridge");

                // Event time moves on past every episode's window and grace (a death in Bokhtar, on which no rule
                // fires): each episode ends with its closing AllClear Update, and each resolves its alert.
                KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                        List.of(Fixtures.with(Fixtures.report("TJK-2026-0100", "2026-02-01T00:00:00Z"),
                                Map.of("fatalities", 1, "admin2", "Bokhtar")).toString()), "id");
                awaitAlertsOnTopic(s, Fixtures.SEED_ALERTS.size() + 1 + EVACUATE.size() + 1);
                awaitAlertmanagerShows(am, Set.of(), Set.of(), RESEND.plus(SLACK));
                Await.until(() -> runner.metrics().registry().get("frontierwatch.alertmanager.alerts.active").gauge()
                        .value() == 0.0, WAIT, () -> "the bridge still counts active alerts");
            }
        }
    }

    /**
     * An acknowledgement in the console silences its alert in Alertmanager at the level acknowledged (visible with
     * amtool), until the alert's expiry; an Update to a higher level is no longer covered and notifies again.
     */
    @Test
    void shouldSilenceAnAcknowledgedAlertUntilItsLevelRises() throws Exception {
        String darvoz = "foreign-workers-killed/tj-darvoz/2025-11-30";
        String incursions = "cross-border-incursions/tj-shamsiddin-shohin/2025-11-26";
        try (AlertmanagerProcess am = AlertmanagerProcess.start(AlertmanagerProcess.SHIPPED_CONFIG,
                tmp.resolve("am-ack"))) {
            ProcessorRunner.Settings s = settings("amack", am.url(), 1);
            try (ProcessorRunner runner = running(s)) {
                sendSeed(s);
                awaitAlertsOnTopic(s, Fixtures.SEED_ALERTS.size());
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, WAIT);
                String base = ApiIT.base(runner);
                JsonNode acked = acknowledge(base, darvoz);
                Set<String> stillActive = new TreeSet<>(EVACUATE);
                stillActive.remove(darvoz);
                awaitAlertmanagerShows(am, stillActive, INHIBITED, WAIT);
                assertEquals(Set.of(darvoz), keys(am.query("--silenced")));
                List<JsonNode> silences = am.silences("alert_key=" + darvoz);
                assertEquals(1, silences.size(), silences.toString());
                JsonNode silence = silences.get(0);
                assertEquals("Duty officer Rahimova", silence.path("createdBy").asText());
                assertTrue(silence.path("comment").asText().contains("SignificantImpact"), silence.toString());
                Map<String, String> matchers = new TreeMap<>();
                silence.path("matchers").forEach(m -> matchers.put(m.path("name").asText(), m.path("value").asText()));
                assertEquals(darvoz, matchers.get("alert_key"));
                assertTrue(matchers.get("response").contains("Evacuate"), "this level or lower: " + matchers);
                assertTrue(matchers.get("severity").contains("Extreme"), "this level or lower: " + matchers);
                assertEquals(Instant.parse(ApiIT.awaitJson(base + "/api/alerts/" + ApiIT.enc(darvoz), null,
                        j -> true).path("latest").path("expires").asText()),
                        Instant.parse(silence.path("endsAt").asText()), "silenced until the alert expires");
                assertEquals(acked.path("alert_id").asText(), ApiIT.awaitJson(base + "/api/alerts/"
                        + ApiIT.enc(darvoz), null, j -> true).path("acknowledgement").path("alert_id").asText());

                acknowledge(base, incursions);
                Await.until(() -> {
                    List<String> ids = silencedBy(am, incursions, "Avoid");
                    return ids != null && !ids.isEmpty();
                }, WAIT,
                        () -> "the Avoid alert silenced");
                KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), List.of(
                        Fixtures.crossBorderClash("AM-CB-1", "2025-12-04"),
                        Fixtures.crossBorderClash("AM-CB-2", "2025-12-05")), "id");
                Await.until(() -> List.of().equals(silencedBy(am, incursions, "Shelter")), WAIT,
                        () -> "the Shelter update of " + incursions + " in Alertmanager, not silenced");
            }
        }
    }

    /** POSTs an acknowledgement of the key's latest message; answers the acknowledgement. */
    private static JsonNode acknowledge(String base, String key) throws Exception {
        ApiIT.awaitJson(base + "/api/acks", null, j -> true); // the acknowledgements topic has been read
        String alertId = ApiIT.awaitJson(base + "/api/alerts/" + ApiIT.enc(key), null, j -> true).path("latest")
                .path("alert_id").asText();
        HttpResponse<String> r = ApiIT.HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/api/acks/" + ApiIT.enc(key))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"alert_id\":\"" + alertId + "\","
                        + "\"disposition\":\"SignificantImpact\",\"by\":\"Duty officer Rahimova\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    /** The silences muting the key's alert at {@code response}, or null when Alertmanager has no such alert. */
    private static List<String> silencedBy(AlertmanagerProcess am, String key, String response) throws Exception {
        for (JsonNode a : ofKey(am.query("--active", "--silenced", "--inhibited"), key)) {
            if (response.equals(a.path("labels").path("response").asText())) {
                List<String> ids = new ArrayList<>();
                a.path("status").path("silencedBy").forEach(id -> ids.add(id.asText()));
                return ids;
            }
        }
        return null;
    }


    @Test
    void shouldShowTheActiveAlertsAgainAfterAlertmanagerOrTheProcessorRestarts() throws Exception {
        try (AlertmanagerProcess am = AlertmanagerProcess.start(AlertmanagerProcess.SHIPPED_CONFIG,
                tmp.resolve("am-restart"))) {
            ProcessorRunner.Settings s = settings("amrestart", am.url(), 1);
            try (ProcessorRunner runner = running(s)) {
                sendSeed(s);
                awaitAlertsOnTopic(s, Fixtures.SEED_ALERTS.size());
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, WAIT);

                am.kill();
                am.startAgain();
                assertTrue(am.query().isEmpty(), "Alertmanager keeps no alerts across a restart");
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, RESEND.plus(SLACK));
            }
            // The processor stopped; Alertmanager restarted meanwhile and knows nothing.
            am.kill();
            am.startAgain();
            assertTrue(am.query().isEmpty());
            try (ProcessorRunner again = running(s)) {
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, RESEND.plus(SLACK));
                assertEquals(1, ofKey(am.query(), FATALITIES).size(), "not the Prepare label set again");
                assertEquals("Evacuate", ofKey(am.query(), FATALITIES).get(0).path("labels").path("response").asText());
            }
        }
    }

    @Test
    void shouldKeepProcessingWhileAlertmanagerIsDownAndDeliverOnceItIsBack() throws Exception {
        Path storage = tmp.resolve("am-down");
        AlertmanagerProcess am = AlertmanagerProcess.start(AlertmanagerProcess.SHIPPED_CONFIG, storage);
        am.kill();
        ProcessorRunner.Settings s = settings("amdown", am.url(), 1);
        try (ProcessorRunner runner = running(s)) {
            long downSince = System.nanoTime();
            List<String> seed = Fixtures.seedReports();
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), seed.subList(0, 2),
                    "id");
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                    seed.subList(2, seed.size()), "id");
            awaitAlertsOnTopic(s, Fixtures.SEED_ALERTS.size());
            // Down for a minute: processing stays up, every post fails and is counted, retried with backoff.
            Await.until(() -> {
                assertEquals(KafkaStreams.State.RUNNING, runner.state());
                return System.nanoTime() - downSince > Duration.ofMinutes(1).toNanos();
            }, Duration.ofMinutes(2), () -> "a minute of Alertmanager downtime");
            double failures = runner.metrics().registry().get("frontierwatch.alertmanager.post.failures")
                    .tag("reason", "connection").counter().count();
            assertTrue(failures >= 3, "failed posts counted, with backoff (not one per alert): " + failures);
            assertTrue(failures < 200, "backoff, not a tight loop: " + failures);

            am.startAgain();
            awaitAlertmanagerShows(am, EVACUATE, INHIBITED, RESEND.plus(SLACK));
            assertTrue(runner.metrics().registry().get("frontierwatch.alertmanager.last.success.timestamp.seconds")
                    .gauge().value() > 0);
        } finally {
            am.close();
        }
    }

    @Test
    void shouldLeaveNothingLostOrStaleInAlertmanagerWhenAnInstanceStopsAndItsPartitionsMove() throws Exception {
        try (AlertmanagerProcess am = AlertmanagerProcess.start(AlertmanagerProcess.SHIPPED_CONFIG,
                tmp.resolve("am-two"))) {
            ProcessorRunner.Settings a = settings("amtwo", am.url(), 2);
            ProcessorRunner.Settings b = a.withStateDir(tmp.resolve("amtwo-b").resolve("state"));
            try (ProcessorRunner first = running(a)) {
                ProcessorRunner second = running(b);
                try {
                    // One report at a time: on two partitions the reports' order would otherwise be up to the
                    // instances, and a late report updates the episode its predecessor opened (other keys).
                    List<String> seed = Fixtures.seedReports();
                    int[] alertsAfter = {2, 4, 6, 7};
                    for (int i = 0; i < seed.size(); i++) {
                        KafkaClients.send(broker.bootstrapServers(), a.config().topics().incidentReports(),
                                List.of(seed.get(i)), "id");
                        awaitAlertsOnTopic(a, alertsAfter[i]);
                    }
                    awaitAlertmanagerShows(am, EVACUATE, INHIBITED, WAIT);
                    double firstHolds = first.metrics().registry().get("frontierwatch.alertmanager.alerts.active")
                            .gauge().value();
                    double secondHolds = second.metrics().registry().get("frontierwatch.alertmanager.alerts.active")
                            .gauge().value();
                    assertEquals(6.0, firstHolds + secondHolds, "each active alert is held by exactly one instance");
                } finally {
                    second.close();
                }
                // The survivor takes over both the processing and the bridge's partitions; alerts the stopped
                // instance sent stay in Alertmanager only if the survivor refreshes them past their endsAt.
                long stoppedAt = System.nanoTime();
                Await.until(() -> first.metrics().registry().get("frontierwatch.alertmanager.alerts.active").gauge()
                        .value() == 6.0, WAIT, () -> "the survivor holds all six active alerts");
                Await.until(() -> System.nanoTime() - stoppedAt > RESEND.multipliedBy(6).toNanos(),
                        Duration.ofMinutes(1), () -> "six resend intervals");
                awaitAlertmanagerShows(am, EVACUATE, INHIBITED, Duration.ofSeconds(1));

                retract(a, "TJK-2025-0004");
                Set<String> afterCancel = new TreeSet<>(INHIBITED);
                afterCancel.remove(CACHE);
                awaitAlertmanagerShows(am, EVACUATE, afterCancel, WAIT);
            }
        }
    }
}
