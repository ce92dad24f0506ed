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

    private static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A state over fixed alerts; {@code unavailable} non-null makes every query throw it. */
    private record ListState(List<Alert> alerts, List<String> peers, Supplier<String> unavailable)
            implements AlertState {
        @Override
        public List<Alert> latestMessages() {
            check();
            return alerts;
        }

        @Override
        public Optional<Alert> latest(String key) {
            check();
            return alerts.stream().filter(a -> a.key().equals(key)).findFirst();
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
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        ApiHandler api = new ApiHandler(state, new CapXmlWriter(CapSettings.DEFAULT), "Frontier Watch", token,
                clock);
        server.createContext("/api/", api);
        server.createContext("/cap/", api);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
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
    void shouldAnswer503WithRetryAfterWhileTheStateIsNotQueryable() throws Exception {
        String base = serve(new ListState(List.of(), List.of(), () -> "Kafka Streams is REBALANCING"), null);
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
        String base = serve(new ListState(seed(), List.of(gone), null), null);
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
        String base = serve(new ListState(alerts, List.of(), null), null, Clock.fixed(now, ZoneOffset.UTC));

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
        String base = serve(new ListState(alerts, List.of(), null), null);
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
}
