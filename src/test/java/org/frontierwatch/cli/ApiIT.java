package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Await;
import org.frontierwatch.testing.CapSchema;
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
 * The HTTP query API and the CAP Atom feed of {@code run}, on a real broker: answers checked against what the
 * {@code alerts} topic says, the feed read by Debian's python3-feedparser and every linked CAP document validated
 * against the OASIS schema; two instances answering for each other, a change the cadence holds back included; the
 * bearer token.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ApiIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String CACHE = "weapons-cache/TJK-2025-0004";
    static final String FATALITIES = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    static final String DARVOZ_SITE = "tj-crbc-darvoz-road";
    static final String TOKEN = "test-token-0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    static ProcessorRunner.Settings settings(String prefix, int partitions, String token) {
        return ProcessorIT.settings(broker.bootstrapServers(), tmp, prefix, partitions,
                token == null ? Map.of() : Map.of("frontier.api.token", token));
    }

    static ProcessorRunner running(ProcessorRunner.Settings s) throws InterruptedException {
        return ProcessorIT.startRunning(s);
    }

    static String base(ProcessorRunner runner) {
        return "http://127.0.0.1:" + runner.metrics().port();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return get(url, null);
    }

    /** Waits (bounded) until {@code url} answers 200 with a body {@code accept} takes. */
    static JsonNode awaitJson(String url, String token, Predicate<JsonNode> accept) throws Exception {
        HttpResponse<String> ok = Await.until(() -> get(url, token),
                r -> r.statusCode() == 200 && accept.test(Fixtures.tree(r.body())), WAIT,
                last -> url + " -> " + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
        return Json.mapper().readTree(ok.body());
    }

    static Set<String> keys(JsonNode alerts) {
        Set<String> out = new TreeSet<>();
        alerts.forEach(a -> out.add(a.path("key").asText()));
        return out;
    }

    /** What the alerts topic says: each key's latest message, in the order they were last sent. */
    static Map<String, Alert> latestOnTopic(ProcessorRunner.Settings s, int messages) throws Exception {
        Map<String, Alert> latest = new LinkedHashMap<>();
        try (KafkaClients.Reader reader = new KafkaClients.Reader(broker.bootstrapServers(),
                s.config().topics().alerts())) {
            List<ConsumerRecord<byte[], byte[]>> read = reader.readUntil(r -> r.size() >= messages, WAIT);
            assertEquals(messages, read.size(), "alert messages on the topic");
            for (ConsumerRecord<byte[], byte[]> r : read) {
                Alert a = Json.mapper().convertValue(Fixtures.tree(KafkaClients.value(r)), Alert.class);
                latest.remove(a.key());
                latest.put(a.key(), a);
            }
        }
        return latest;
    }

    static Set<String> activeKeys(Map<String, Alert> latest, Predicate<Alert> which) {
        Set<String> out = new TreeSet<>();
        latest.values().stream().filter(a -> a.msgType() != MsgType.Cancel).filter(which).forEach(a ->
                out.add(a.key()));
        return out;
    }

    static void retract(ProcessorRunner.Settings s, String incidentId) throws Exception {
        KafkaClients.sendTombstone(broker.bootstrapServers(), s.config().topics().incidentReports(), incidentId);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void shouldAnswerWhichAdvisoriesAreActiveFilterThemAndDropARetractedOne() throws Exception {
        ProcessorRunner.Settings s = settings("api", 1, null);
        try (ProcessorRunner runner = running(s)) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), Fixtures.seedReports(),
                    "id");
            Map<String, Alert> topic = latestOnTopic(s, Fixtures.SEED_ALERTS.size());
            String api = base(runner) + "/api";
            Set<String> active = activeKeys(topic, a -> true);
            assertEquals(6, active.size(), active.toString());
            JsonNode all = awaitJson(api + "/alerts", null, j -> keys(j).equals(active));
            List<String> sent = new ArrayList<>();
            all.forEach(a -> sent.add(a.path("sent").asText()));
            List<String> newestFirst = new ArrayList<>(sent);
            newestFirst.sort(Comparator.reverseOrder());
            assertEquals(newestFirst, sent, "newest first");
            assertEquals(Json.mapper().readTree(Json.mapper().writeValueAsString(topic.get(FATALITIES))),
                    StreamSupport.stream(all.spliterator(), false)
                            .filter(a -> a.path("key").asText().equals(FATALITIES)).findFirst().orElseThrow(),
                    "the same alert JSON as the topic");

            JsonNode darvoz = awaitJson(api + "/sites/" + DARVOZ_SITE + "/alerts", null, j -> true);
            Set<String> coveringDarvoz = activeKeys(topic, a -> a.content().affectedSites().stream()
                    .anyMatch(site -> site.siteId().equals(DARVOZ_SITE)));
            assertTrue(coveringDarvoz.contains("foreign-workers-killed/tj-darvoz/2025-11-30"),
                    coveringDarvoz.toString());
            assertEquals(coveringDarvoz, keys(darvoz), "the Darvoz road works' advisories");

            Set<String> russians = activeKeys(topic, a -> a.content().nationalities().stream().anyMatch(n ->
                    n.code().equals("RU")));
            assertFalse(russians.isEmpty() || russians.equals(active), "RU: some alerts, not all: " + russians);
            assertEquals(russians, keys(awaitJson(api + "/alerts?nationality=ru", null, j -> true)));
            Set<String> severe = activeKeys(topic, a -> a.content().severity().ordinal() <= 1);
            assertEquals(severe, keys(awaitJson(api + "/alerts?severity=Severe", null, j -> true)));
            assertTrue(severe.size() > keys(awaitJson(api + "/alerts?severity=Extreme", null, j -> true)).size(),
                    "Severe includes Extreme and more");
            Set<String> shamsiddin = activeKeys(topic, a -> "tj-shamsiddin-shohin".equals(a.content().districtId())
                    || a.content().affectedSites().stream().anyMatch(x -> "tj-shamsiddin-shohin".equals(
                            x.districtId())));
            assertFalse(shamsiddin.isEmpty() || shamsiddin.equals(active), shamsiddin.toString());
            assertEquals(shamsiddin, keys(awaitJson(api + "/alerts?district=" + enc("Shamsiddin Shokhin"), null,
                    j -> true)), "a district by an alias the gazetteer knows");
            assertEquals(Set.of("district-fatalities/tj-shamsiddin-shohin/2025-11-26"),
                    keys(awaitJson(api + "/alerts?rule=district-fatalities", null, j -> true)));

            assertError(get(api + "/alerts?severity=Huge"), 400, "'Huge'");
            assertError(get(api + "/alerts?district=Atlantis"), 400, "'Atlantis' is not in the gazetteer");
            assertError(get(api + "/alerts?colour=red"), 400, "unknown parameter 'colour'");
            assertError(get(api + "/alerts/" + enc("no/such/key")), 404, "no alert with key 'no/such/key'");
            assertError(get(api + "/sites/no-such-site/alerts"), 404, "site 'no-such-site'");

            JsonNode history = awaitJson(api + "/alerts/" + enc(FATALITIES), null, j -> true);
            assertEquals("Update", history.path("latest").path("msg_type").asText());
            assertEquals(List.of(FATALITIES + "#1 Alert", FATALITIES + "#2 Update"), messages(history));

            retract(s, "TJK-2025-0004");
            Set<String> afterRetraction = new TreeSet<>(active);
            afterRetraction.remove(CACHE);
            awaitJson(api + "/alerts", null, j -> keys(j).equals(afterRetraction));
            JsonNode cancelled = awaitJson(api + "/alerts/" + enc(CACHE), null, j -> true);
            assertEquals(List.of(CACHE + "#1 Alert", CACHE + "#2 Cancel"), messages(cancelled));
            assertFalse(cancelled.path("active").asBoolean());
            assertTrue(keys(awaitJson(api + "/alerts?include=cancelled", null, j -> true)).contains(CACHE));

            assertFeedReadableAndDocumentsValid(base(runner), null, 6); // five active, one cancelled
        }
    }

    static List<String> messages(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.path("messages").forEach(m -> out.add(m.path("alert_id").asText() + " " + m.path("msg_type").asText()));
        return out;
    }

    static void assertError(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        String message = Json.mapper().readTree(r.body()).path("error").asText();
        assertTrue(message.contains(fragment), message);
    }

    private static final Pattern CAP_TIME = Pattern.compile("<(sent|expires|effective)>([^<]*)</");

    /** Reads the feed with python3-feedparser, then fetches and validates every CAP document it links. */
    static void assertFeedReadableAndDocumentsValid(String base, String token, int entries) throws Exception {
        HttpResponse<String> feed = get(base + "/cap/feed.atom", token);
        assertEquals(200, feed.statusCode(), feed.body());
        assertTrue(feed.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
        assertTrue(feed.body().length() < 900_000, "well under 900 KB");
        JsonNode parsed;
        try (JarProcess reader = JarProcess.startCommand(List.of("/usr/bin/python3",
                Path.of("src/test/resources/read-feed.py").toString()), Map.of(), feed.body())) {
            assertEquals(0, reader.waitFor(Duration.ofSeconds(60)), reader.stderr());
            parsed = Json.mapper().readTree(reader.stdout());
        }
        assertEquals(0, parsed.path("bozo").asInt(), "feedparser found the feed well-formed: " + parsed);
        assertEquals("atom10", parsed.path("version").asText());
        assertEquals(entries, parsed.path("entries").size(), parsed.toString());
        for (JsonNode entry : parsed.path("entries")) {
            JsonNode link = null;
            for (JsonNode l : entry.path("links")) {
                if ("application/cap+xml".equals(l.path("type").asText())) {
                    link = l;
                }
            }
            assertTrue(link != null, "a CAP link: " + entry);
            HttpResponse<String> doc = get(link.path("href").asText(), token);
            assertEquals(200, doc.statusCode(), link + " -> " + doc.body());
            assertTrue(doc.headers().firstValue("Content-Type").orElse("").startsWith("application/cap+xml"));
            CapSchema.assertValid(doc.body());
            Matcher m = CAP_TIME.matcher(doc.body());
            int times = 0;
            while (m.find()) {
                times++;
                assertTrue(m.group(2).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-00:00"),
                        "CAP 1.2 3.3.2: UTC as -00:00, got " + m.group(2));
            }
            assertTrue(times >= 1, doc.body());
            Matcher refs = Pattern.compile("<references>([^<]*)</references>").matcher(doc.body());
            while (refs.find()) {
                for (String ref : refs.group(1).split(" ")) {
                    assertTrue(ref.endsWith("-00:00"), "references time as -00:00: " + ref);
                }
            }
        }
    }

    @Test
    void shouldRequireTheTokenForApiAndCapButNotForMetricsAndHealth() throws Exception {
        ProcessorRunner.Settings s = settings("apitoken", 1, TOKEN);
        try (ProcessorRunner runner = running(s)) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), Fixtures.seedReports(),
                    "id");
            latestOnTopic(s, Fixtures.SEED_ALERTS.size());
            String base = base(runner);
            for (String path : List.of("/api/alerts", "/api/alerts/" + enc(FATALITIES), "/api/sites/" + DARVOZ_SITE
                    + "/alerts", "/cap/feed.atom", "/cap/alerts/" + enc(FATALITIES + "#2") + ".xml")) {
                HttpResponse<String> none = get(base + path, null);
                assertEquals(401, none.statusCode(), path + ": " + none.body());
                assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
                assertEquals(401, get(base + path, TOKEN + "x").statusCode(), path + " with a wrong token");
                assertEquals(401, get(base + path, TOKEN.substring(1)).statusCode(), path + " with a shorter one");
            }
            awaitJson(base + "/api/alerts", TOKEN, j -> j.size() == 6);
            assertEquals(200, get(base + "/metrics").statusCode());
            assertEquals(200, get(base + "/health").statusCode());
            assertFeedReadableAndDocumentsValid(base, TOKEN, 6);
        }
    }

    @Test
    void shouldAnswerForAllPartitionsFromEitherInstanceAndFromTheSurvivorOnceOneStopped() throws Exception {
        ProcessorRunner.Settings a = settings("apitwo", 4, null);
        ProcessorRunner.Settings b = a.withStateDir(tmp.resolve("apitwo-b").resolve("state"));
        try (ProcessorRunner first = running(a)) {
            ProcessorRunner second = running(b);
            Set<String> active;
            try {
                // One report at a time, so that the episodes' keys do not depend on which instance went first.
                List<String> seed = Fixtures.seedReports();
                int[] messagesAfter = {2, 4, 6, 7};
                Map<String, Alert> topic = Map.of();
                for (int i = 0; i < seed.size(); i++) {
                    KafkaClients.send(broker.bootstrapServers(), a.config().topics().incidentReports(),
                            List.of(seed.get(i)), "id");
                    topic = latestOnTopic(a, messagesAfter[i]);
                }
                active = activeKeys(topic, x -> true);
                Set<String> expected = active;
                JsonNode fromFirst = awaitJson(base(first) + "/api/alerts", null, j -> keys(j).equals(expected));
                JsonNode fromSecond = awaitJson(base(second) + "/api/alerts", null, j -> keys(j).equals(expected));
                assertEquals(fromFirst, fromSecond, "the same answer from either instance");
                assertTrue(first.metrics().port() != second.metrics().port());
                for (String key : active) {
                    assertEquals(awaitJson(base(first) + "/api/alerts/" + enc(key), null, j -> true),
                            awaitJson(base(second) + "/api/alerts/" + enc(key), null, j -> true), key);
                }
                assertEquals(keys(awaitJson(base(first) + "/api/sites/" + DARVOZ_SITE + "/alerts", null, j -> true)),
                        keys(awaitJson(base(second) + "/api/sites/" + DARVOZ_SITE + "/alerts", null, j -> true)));
                assertHeldChangeShownByEitherInstance(a, first, second);
            } finally {
                second.close();
            }
            Set<String> expected = active;
            awaitJson(base(first) + "/api/alerts", null, j -> keys(j).equals(expected));
            assertFeedReadableAndDocumentsValid(base(first), null, 6);
        }
    }

    /**
     * A third clash in Shamsiddin Shohin an hour after the story's last message there changes only the totals of
     * FATALITIES (and of the incursions alert): held back, and shown as pending by the instance holding the key and
     * by the one that asks it.
     */
    static void assertHeldChangeShownByEitherInstance(ProcessorRunner.Settings s, ProcessorRunner first,
                                                      ProcessorRunner second) throws Exception {
        String clash = Fixtures.with(Fixtures.report("TJK-2025-0005", "2025-12-03T07:00:00Z"), Map.of(
                "event_type", "Battles", "sub_event_type", "Armed clash", "admin2", "Shamsiddin Shokhin",
                "fatalities", 1, "victim_nationalities", List.of("TJ"), "origin_country", "AF")).toString();
        KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(), List.of(clash), "id");
        String path = "/api/alerts/" + enc(FATALITIES);
        JsonNode fromFirst = awaitJson(base(first) + path, null, j -> j.path("pending").path("count").asInt() == 3);
        assertEquals(fromFirst, awaitJson(base(second) + path, null, j -> j.has("pending")), "either instance");
        assertEquals(2, fromFirst.path("latest").path("count").asInt(), "the last message sent, unchanged");
        assertEquals(9, fromFirst.path("pending").path("fatalities").asInt());
        assertEquals("2025-12-03T08:00:00Z", fromFirst.path("pending").path("due_event_time").asText());
        assertTrue(fromFirst.path("pending").path("due_by").asText().matches("\\d{4}-.*Z"), fromFirst.toString());
        JsonNode all = awaitJson(base(second) + "/api/alerts", null, j -> true);
        assertEquals(all, awaitJson(base(first) + "/api/alerts", null, j -> true));
        Set<String> held = new TreeSet<>();
        all.forEach(x -> {
            if (x.has("pending")) {
                held.add(x.path("key").asText());
            }
        });
        assertEquals(Set.of(FATALITIES, "cross-border-incursions/tj-shamsiddin-shohin/2025-11-26"), held);
    }
}
