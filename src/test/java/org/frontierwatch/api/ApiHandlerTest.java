package org.frontierwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.frontierwatch.alert.CapSettings;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.model.Alert;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.FreePorts;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API's answers when the state is not queryable or another instance does not answer, on a real HTTP server
 * over a state of plain lists: 503 with Retry-After, 502 naming the instance, never a silently shorter answer.
 */
class ApiHandlerTest {

    private final List<HttpServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A state over fixed alerts; {@code unavailable} non-null makes every query throw it. */
    private record ListState(List<AlertView> alerts, List<String> peers, Supplier<String> unavailable)
            implements AlertState {

        /** Alerts with nothing held back. */
        static ListState of(List<Alert> alerts, List<String> peers, Supplier<String> unavailable) {
            return new ListState(alerts.stream().map(AlertView::of).toList(), peers, unavailable);
        }

        @Override
        public List<AlertView> latestMessages() {
            check();
            return alerts;
        }

        @Override
        public Optional<AlertView> latest(String key) {
            check();
            return alerts.stream().filter(a -> a.latest().key().equals(key)).findFirst();
        }

        @Override
        public ReferenceData reference() {
            check();
            return Fixtures.sampleReference();
        }

        private void check() {
            if (unavailable != null) {
                throw new Unavailable(unavailable.get());
            }
        }
    }

    private String serve(AlertState state, String token) throws Exception {
        return serve(state, token, Clock.systemUTC());
    }

    private String serve(AlertState state, String token, Clock clock) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        servers.add(server);
        ApiHandler api = new ApiHandler(state, new CapXmlWriter(CapSettings.DEFAULT), "Frontier Watch", token,
                clock);
        server.createContext("/api/", api);
        server.createContext("/cap/", api);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Alert> seed() {
        try (TopologyHarness h = new TopologyHarness().withSampleReferenceData()) {
            h.seedScenario();
            Map<String, Alert> latest = new LinkedHashMap<>();
            h.alerts().forEach(a -> latest.put(a.key(), a));
            return List.copyOf(latest.values());
        }
    }

    @Test
    void shouldListTheReferenceSitesWithTheirDistrictsForTheConsoleMap() throws Exception {
        HttpResponse<String> r = get(serve(ListState.of(List.of(), List.of(), null), null) + "/api/sites");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sites = Json.mapper().readTree(r.body());
        assertEquals(Fixtures.sampleReference().sites().size(), sites.size());
        JsonNode darvoz = null;
        for (JsonNode s : sites) {
            if (s.path("site_id").asText().equals("tj-crbc-darvoz-road")) {
                darvoz = s;
            }
        }
        assertTrue(darvoz != null, r.body());
        assertEquals("tj-darvoz", darvoz.path("district_id").asText());
        assertEquals(38.46, darvoz.path("latitude").asDouble());
        assertEquals(35, darvoz.path("workers").path("CN").asInt());
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheStateIsNotQueryable() throws Exception {
        String base = serve(ListState.of(List.of(), List.of(), () -> "Kafka Streams is REBALANCING"), null);
        for (String path : List.of("/api/alerts", "/api/alerts/x", "/api/sites/tj-crbc-darvoz-road/alerts",
                "/cap/feed.atom", "/cap/alerts/x%231.xml")) {
            HttpResponse<String> r = get(base + path);
            assertEquals(503, r.statusCode(), path + ": " + r.body());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""), path);
            assertTrue(Json.mapper().readTree(r.body()).path("error").asText().contains("REBALANCING"), r.body());
        }
    }

    @Test
    void shouldFailWith502NamingAnInstanceThatDoesNotAnswerRatherThanAnswerLess() throws Exception {
        String gone = "http://127.0.0.1:" + FreePorts.next();
        String base = serve(ListState.of(seed(), List.of(gone), null), null);
        HttpResponse<String> r = get(base + "/api/alerts");
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(Json.mapper().readTree(r.body()).path("error").asText().contains("instance " + gone
                + " did not answer"), r.body());
        assertEquals(502, get(base + "/cap/feed.atom").statusCode());
        assertEquals(200, get(base + "/api/alerts?local=true").statusCode(), "an instance's own part still answers");
        HttpResponse<String> held = get(base + "/api/alerts/" + ApiHandler.encodePath(seed().get(0).key()));
        assertEquals(200, held.statusCode(), "a key held here needs no other instance: " + held.body());
    }

    @Test
    void shouldAnswerThatAnAlertClosedByItsEpisodesAllClearIsNoLongerActiveButStillShowIt() throws Exception {
        List<Alert> alerts = AlertFilterTest.afterTheEpisodesEnded();
        Alert allClear = alerts.stream().filter(a -> a.key().equals(FATALITIES)).findFirst().orElseThrow();
        Instant now = allClear.sent().plus(Duration.ofHours(1));
        String base = serve(ListState.of(alerts, List.of(), null), null, Clock.fixed(now, ZoneOffset.UTC));

        assertEquals(0, Json.mapper().readTree(get(base + "/api/alerts").body()).size(), "nothing active");
        assertEquals(0, Json.mapper().readTree(get(base + "/api/sites/tj-crbc-darvoz-road/alerts").body()).size());
        assertEquals(6, Json.mapper().readTree(get(base + "/api/alerts?include=expired").body()).size(),
                "ended on their own, shown with the expired ones");
        HttpResponse<String> one = get(base + "/api/alerts/" + ApiHandler.encodePath(FATALITIES));
        assertEquals(200, one.statusCode(), one.body());
        JsonNode history = Json.mapper().readTree(one.body());
        assertFalse(history.path("active").asBoolean(true), one.body());
        assertEquals("AllClear", history.path("latest").path("response").asText());
        assertTrue(history.path("latest").path("headline").asText().startsWith("Ended: "), one.body());
        JsonNode messages = history.path("messages");
        assertEquals(allClear.alertId(), messages.get(messages.size() - 1).path("alert_id").asText());

        String feed = get(base + "/cap/feed.atom").body();
        assertTrue(feed.contains("<title>All clear: Ended: 8 killed in Shamsiddin Shohin within 30 days</title>"),
                feed);
        HttpResponse<String> doc = get(base + AtomFeed.capPath(allClear.alertId()));
        assertEquals(200, doc.statusCode(), doc.body());
        CapSchema.assertValid(doc.body());
        assertTrue(doc.body().contains("<responseType>AllClear</responseType>"), doc.body());
    }

    @Test
    void shouldServeTheLatestCapMessageAndNameTheSuccessorOfASupersededOne() throws Exception {
        List<Alert> alerts = seed();
        String base = serve(ListState.of(alerts, List.of(), null), null);
        Alert update = alerts.stream().filter(a -> a.alertId().endsWith("#2")).findFirst().orElseThrow();
        HttpResponse<String> doc = get(base + AtomFeed.capPath(update.alertId()));
        assertEquals(200, doc.statusCode(), doc.body());
        CapSchema.assertValid(doc.body());
        String first = update.key() + "#1";
        HttpResponse<String> old = get(base + AtomFeed.capPath(first));
        assertEquals(404, old.statusCode());
        assertTrue(old.body().contains("superseded by '" + update.alertId() + "'"), old.body());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/api/alerts"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    /** When the seed story's alerts are all active. */
    static final Clock AT_SEED_END = Clock.fixed(TopologyHarness.NOW, ZoneOffset.UTC);
    /** A third fatal clash an hour after the seed story's last message of FATALITIES, held back by the cadence. */
    static final PendingChange HELD = new PendingChange(3, 9, 9.0, Instant.parse("2025-11-26T12:00:00Z"),
            Instant.parse("2025-12-03T07:00:00Z"), Instant.parse("2025-12-03T08:00:00Z"),
            Instant.parse("2025-12-10T06:00:00Z"));

    /** The seed story's latest messages, FATALITIES with {@link #HELD} held back. */
    private static ListState seedWithHeldChange(List<String> peers) {
        List<AlertView> views = seed().stream()
                .map(a -> new AlertView(a, a.key().equals(FATALITIES) ? HELD : null)).toList();
        return new ListState(views, peers, null);
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return Json.mapper().readTree(r.body());
    }

    private static JsonNode element(JsonNode list, String key) {
        for (JsonNode a : list) {
            if (a.path("key").asText().equals(key)) {
                return a;
            }
        }
        throw new AssertionError("no " + key + " in " + list);
    }

    private static void assertHeld(JsonNode pending) {
        assertEquals(3, pending.path("count").asLong(), pending.toString());
        assertEquals(9, pending.path("fatalities").asInt());
        assertEquals(9.0, pending.path("metric_value").asDouble());
        assertEquals("2025-11-26T12:00:00Z", pending.path("window_start").asText());
        assertEquals("2025-12-03T07:00:00Z", pending.path("window_end").asText());
        assertEquals("2025-12-03T08:00:00Z", pending.path("due_event_time").asText());
        assertEquals("2025-12-10T06:00:00Z", pending.path("due_by").asText());
    }

    @Test
    void shouldShowTheHeldChangeBesideTheLastMessageSentInTheListAndUnderItsKeyAndNothingForOtherKeys()
            throws Exception {
        String base = serve(seedWithHeldChange(List.of()), null, AT_SEED_END);
        JsonNode all = getJson(base + "/api/alerts");
        assertEquals(6, all.size(), all.toString());
        JsonNode fatalities = element(all, FATALITIES);
        assertEquals(2, fatalities.path("count").asInt(), "the last message sent, as sent");
        assertEquals(8, fatalities.path("fatalities").asInt());
        assertHeld(fatalities.path("pending"));
        for (JsonNode a : all) {
            if (!a.path("key").asText().equals(FATALITIES)) {
                assertFalse(a.has("pending"), "nothing held for " + a.path("key").asText());
            }
        }

        JsonNode history = getJson(base + "/api/alerts/" + ApiHandler.encodePath(FATALITIES));
        assertEquals(2, history.path("latest").path("count").asInt(), "latest stays the message sent");
        assertFalse(history.path("latest").has("pending"), "the held change is not part of the message");
        assertHeld(history.path("pending"));
        String other = "foreign-workers-killed/tj-darvoz/2025-11-30";
        assertFalse(getJson(base + "/api/alerts/" + ApiHandler.encodePath(other)).has("pending"), other);

        JsonNode site = getJson(base + "/api/sites/tj-shohin-sm-compound/alerts");
        assertHeld(element(site, FATALITIES).path("pending"));
    }

    @Test
    void shouldCarryTheHeldChangeFromTheInstanceHoldingTheKeyToTheInstanceAsked() throws Exception {
        String holder = serve(seedWithHeldChange(List.of()), null, AT_SEED_END);
        String asked = serve(ListState.of(List.of(), List.of(holder), null), null, AT_SEED_END);
        JsonNode all = getJson(asked + "/api/alerts");
        assertEquals(getJson(holder + "/api/alerts"), all, "the same answer from the instance not holding them");
        assertHeld(element(all, FATALITIES).path("pending"));
        String path = "/api/alerts/" + ApiHandler.encodePath(FATALITIES);
        JsonNode history = getJson(asked + path);
        assertEquals(getJson(holder + path), history);
        assertHeld(history.path("pending"));
    }

    @Test
    void shouldReadBackTheAlertAndItsHeldChangeFromTheJsonItWrites() throws Exception {
        Alert fatalities = seed().stream().filter(a -> a.key().equals(FATALITIES)).findFirst().orElseThrow();
        AlertView held = new AlertView(fatalities, HELD);
        assertEquals(held, AlertView.fromJson(Json.mapper().readTree(Json.mapper().writeValueAsString(
                held.toJson()))));
        AlertView none = AlertView.of(fatalities);
        assertFalse(none.toJson().has("pending"));
        assertEquals(Json.mapper().valueToTree(fatalities), none.toJson(), "the message's JSON, unchanged");
        assertEquals(none, AlertView.fromJson(none.toJson()));
    }
}
