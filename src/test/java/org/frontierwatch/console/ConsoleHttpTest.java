package org.frontierwatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP side on a real server: the files with their security headers, the order of responses the page
 * loads, the live-event stream, and the acknowledgement endpoint's checks (token, JSON only, own origin, the latest
 * message only, bounded fields) in front of a sink that records what it is given.
 */
class ConsoleHttpTest {

    static final String KEY = "cross-border-incursions/tj-shamsiddin-shohin/2025-11-26";
    static final Instant NOW = Instant.parse("2025-12-05T10:00:00Z");

    private final List<HttpServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Acknowledgement> written = new ArrayList<>();
    private boolean kafkaDown;
    private final List<String> silenced = new ArrayList<>();
    private final Acknowledgements acks = new Acknowledgements();
    private final LiveEvents events = new LiveEvents();
    private final Alert latest = AcknowledgementsTest.alert(KEY, 2, ResponseType.Avoid, Severity.Severe);

    private String serve(String token) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        servers.add(server);
        BearerToken bearer = new BearerToken(token);
        AckHandler.Lookup lookup = (key, auth) -> key.equals(KEY) ? Optional.of(latest) : Optional.empty();
        AckHandler.Sink sink = ack -> {
            if (kafkaDown) {
                throw new TimeoutException("Expiring 1 record(s) for alert-acks-0");
            }
            written.add(ack);
        };
        server.createContext("/api/acks", new AckHandler(acks, lookup, sink,
                (ack, alert) -> silenced.add(ack.key() + " until " + alert.expires()), bearer,
                Clock.fixed(NOW, ZoneOffset.UTC)));
        server.createContext("/console", new ConsoleHandler(events, bearer));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        events.closeAll();
        servers.forEach(s -> s.stop(0));
    }

    private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ackUrl(String base) {
        return base + "/api/acks/" + KEY.replace("/", "%2F");
    }

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static String body(String alertId) {
        return "{\"alert_id\":\"" + alertId + "\",\"disposition\":\"SignificantImpact\",\"by\":\"R. Rahimova\","
                + "\"note\":\"<b>called</b> the camp\"}";
    }

    @Test
    void shouldServeEveryConsoleFileWithAPolicyThatAllowsOnlyItsOwnOrigin() throws Exception {
        String base = serve(null);
        for (String name : ConsoleHandler.FILES.keySet()) {
            HttpResponse<String> r = get(base + "/console/" + name, Map.of());
            assertEquals(200, r.statusCode(), name);
            assertEquals(ConsoleHandler.FILES.get(name)[1], r.headers().firstValue("Content-Type").orElse(""), name);
            assertFalse(r.body().isEmpty(), name);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline") && !csp.contains("http"), name + ": " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), name);
        }
        String page = get(base + "/console/", Map.of()).body();
        assertFalse(page.contains("<script>") || page.contains("style=") || page.contains("http://")
                || page.contains("https://"), "no inline script or style, nothing from elsewhere");
        assertEquals(404, get(base + "/console/../pom.xml", Map.of()).statusCode());
        assertEquals(404, get(base + "/console/vendor/countries-10m.json", Map.of()).statusCode());
        assertEquals(308, get(base + "/console", Map.of()).statusCode());
    }

    @Test
    void shouldGiveThePageTheOrderOfResponsesFromTheServer() throws Exception {
        String script = get(serve(null) + "/console/levels.js", Map.of()).body();
        for (ResponseType r : ResponseType.values()) {
            assertTrue(script.contains("\"" + r.name() + "\":" + ResponseLevels.rank(r)), script);
        }
    }

    @Test
    void shouldStreamPublishedEventsToAFollowingBrowserOnlyWithTheToken() throws Exception {
        String base = serve("console-token-0123456789");
        assertEquals(401, get(base + "/console/events", Map.of()).statusCode());
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/console/events"))
                .header("Authorization", "Bearer console-token-0123456789").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("retry: 3000", in.readLine());
            Await.until(() -> events.subscribers() == 1, Duration.ofSeconds(10), () -> "one follower");
            events.publish("alert", "{\"key\":\"k\"}");
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("event:")) {
                assertTrue(line.isEmpty() || line.startsWith(":"), line);
            }
            assertEquals("event: alert", line);
            assertEquals("data: {\"key\":\"k\"}", in.readLine());
        }
    }

    @Test
    void shouldWriteAnAcknowledgementOfTheLatestMessageAtItsLevel() throws Exception {
        String base = serve(null);
        acks.markReady();
        HttpResponse<String> r = post(ackUrl(base), body(KEY + "#2"), JSON);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(1, written.size());
        Acknowledgement a = written.get(0);
        assertEquals(new Acknowledgement(KEY, KEY + "#2", ResponseType.Avoid, Severity.Severe,
                Disposition.SignificantImpact, "<b>called</b> the camp", "R. Rahimova", NOW), a);
        assertEquals(List.of(KEY + " until " + latest.expires()), silenced);
        JsonNode listed = Json.mapper().readTree(get(base + "/api/acks", Map.of()).body());
        assertEquals(KEY, listed.path(0).path("key").asText());
        assertEquals("R. Rahimova", Json.mapper().readTree(get(ackUrl(base), Map.of()).body()).path("by").asText());
    }

    @Test
    void shouldRefuseAnAcknowledgementOfAMessageThatIsNoLongerTheLatest() throws Exception {
        HttpResponse<String> r = post(ackUrl(serve(null)), body(KEY + "#1"), JSON);
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("'" + KEY + "#2' is"), r.body());
        assertTrue(written.isEmpty());
    }

    @Test
    void shouldRefuseBadAcknowledgementsWithAReasonAndWriteNothing() throws Exception {
        String base = serve(null);
        assertStatus(404, post(base + "/api/acks/no-such-key", body("no-such-key#1"), JSON), "no alert");
        assertStatus(415, post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "text/plain")), "JSON");
        assertStatus(403, post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "application/json",
                "Origin", "http://evil.example")), "own pages");
        assertStatus(400, post(ackUrl(base), "{\"alert_id\":\"" + KEY + "#2\",\"disposition\":\"Fine\",\"by\":\"x\"}",
                JSON), "disposition must be one of");
        assertStatus(400, post(ackUrl(base), "{\"alert_id\":\"" + KEY + "#2\",\"disposition\":\"Duplicate\"}", JSON),
                "'by' is required");
        assertStatus(400, post(ackUrl(base), "{\"alert_id\":\"" + KEY + "#2\",\"disposition\":\"Duplicate\","
                + "\"by\":\"x\",\"colour\":\"red\"}", JSON), "unknown field 'colour'");
        assertStatus(400, post(ackUrl(base), "{\"alert_id\":\"" + KEY + "#2\",\"disposition\":\"Duplicate\","
                + "\"by\":\"x\",\"note\":\"" + "n".repeat(Acknowledgement.MAX_NOTE + 1) + "\"}", JSON),
                "'note' is longer than");
        assertStatus(400, post(ackUrl(base), "[1]", JSON), "JSON object");
        assertStatus(405, http.send(HttpRequest.newBuilder(URI.create(ackUrl(base))).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), "GET or POST");
        assertStatus(405, post(base + "/api/acks", body(KEY + "#2"), JSON), "GET only");
        assertStatus(413, post(ackUrl(base), "{\"note\":\"" + "n".repeat(20_000) + "\"}", JSON), "larger than");
        assertStatus(403, post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "application/json",
                "X-Forwarded-Host", "rebound.example")), "set frontier.api.token to use a host name");
        kafkaDown = true;
        HttpResponse<String> down = post(ackUrl(base), body(KEY + "#2"), JSON);
        assertStatus(503, down, "could not be written to Kafka now");
        assertFalse(down.body().contains("Expiring"), "no broker internals in the answer");
        assertTrue(written.isEmpty());
        assertTrue(acks.of(KEY).isEmpty(), "nothing recorded when nothing was written");
    }

    /** Behind a reverse proxy the browser's Origin names the public host, which the proxy passes on. */
    @Test
    void shouldAcceptAnAcknowledgementFromThePublicOriginBehindAProxy() throws Exception {
        String base = serve("console-token-0123456789");
        HttpResponse<String> r = post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer console-token-0123456789", "Origin", "https://fw.example.org",
                "X-Forwarded-Host", "fw.example.org"));
        assertEquals(201, r.statusCode(), r.body());
        assertStatus(403, post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer console-token-0123456789", "Origin", "https://evil.example",
                "X-Forwarded-Host", "fw.example.org")), "own pages");
    }

    @Test
    void shouldRequireTheTokenToAcknowledgeAndAnswer503UntilTheTopicIsRead() throws Exception {
        String base = serve("console-token-0123456789");
        assertStatus(401, post(ackUrl(base), body(KEY + "#2"), JSON), "Bearer");
        assertStatus(503, get(base + "/api/acks", Map.of("Authorization", "Bearer console-token-0123456789")),
                "still being read");
        assertStatus(201, post(ackUrl(base), body(KEY + "#2"), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer console-token-0123456789")), "R. Rahimova");
    }

    private static void assertStatus(int status, HttpResponse<String> r, String inBody) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(inBody), r.body());
    }
}
