package org.frontierwatch.alertmanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.serde.Json;

/**
 * Creates silences in Alertmanager's API v2 ({@code POST /api/v2/silences}) for acknowledged alerts: the given
 * matchers (equality or regular expression) from {@code startsAt} until {@code endsAt}, posted to every configured
 * Alertmanager, as the bridge posts alerts to every one; answers the ids Alertmanager gave.
 */
public final class AlertmanagerSilences {

    /** One matcher of a silence: {@code name="value"}, or {@code name=~"value"} when {@code regex}. */
    public record Matcher(String name, String value, boolean regex) {
    }

    private final List<URI> urls;
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerSilences(List<URI> urls, Duration timeout) {
        this.urls = List.copyOf(urls);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The silence's JSON (a {@code postableSilence}). */
    static byte[] toJson(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment)
            throws IOException {
        ObjectNode s = Json.mapper().createObjectNode();
        ArrayNode m = s.putArray("matchers");
        matchers.forEach(x -> m.addObject().put("name", x.name()).put("value", x.value()).put("isRegex", x.regex())
                .put("isEqual", true));
        s.put("startsAt", startsAt.toString());
        s.put("endsAt", endsAt.toString());
        s.put("createdBy", createdBy);
        s.put("comment", comment);
        return Json.mapper().writeValueAsBytes(s);
    }

    /**
     * Posts the silence to every Alertmanager; returns the silence id of each that accepted it and throws, naming
     * the others, if any refused or did not answer (the ones that accepted keep theirs).
     */
    public List<String> silence(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                String comment) throws IOException, InterruptedException {
        byte[] body = toJson(matchers, startsAt, endsAt, createdBy, comment);
        List<String> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (URI url : urls) {
            URI endpoint = AlertmanagerSettings.silencesEndpoint(url);
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() / 100 == 2) {
                    ids.add(Json.mapper().readTree(r.body()).path("silenceID").asText());
                } else {
                    failures.add(endpoint + " answered HTTP " + r.statusCode());
                }
            } catch (IOException e) {
                failures.add(endpoint + ": " + e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("silence not created on " + failures + " (created: " + ids + ")");
        }
        return ids;
    }
}
