package org.frontierwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.frontierwatch.serde.Json;

/**
 * Asks the other instances holding alert state for their part of an answer ({@code local=true}). Consumes their base
 * URLs and the caller's {@code Authorization} header (passed on as it is); produces the alert views they hold, or
 * fails naming the instance that did not answer as it should: {@link ApiHandler.PeerFailure} (502) or
 * {@link AlertState.Unavailable} (503), never a silently shorter answer.
 */
final class PeerQueries {

    static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Every latest message the peers hold, each with its held change ({@code pending}), peer by peer. */
    List<AlertView> latestMessages(List<String> peers, String authorization)
            throws IOException, InterruptedException {
        List<AlertView> all = new ArrayList<>();
        for (String peer : peers) {
            String body = ask(authorization, peer, "/api/alerts?include=cancelled,expired&local=true");
            JsonNode answer = Json.mapper().readTree(body);
            if (!answer.isArray()) {
                throw new ApiHandler.PeerFailure("instance " + peer
                        + " answered with JSON that is not a list of alerts");
            }
            for (JsonNode alert : answer) {
                all.add(AlertView.fromJson(alert));
            }
        }
        return all;
    }

    /** The latest message of {@code key} with its held change, from the first peer that holds it. */
    Optional<AlertView> latest(List<String> peers, String key, String authorization)
            throws IOException, InterruptedException {
        for (String peer : peers) {
            String body = askAllowing404(authorization, peer,
                    "/api/alerts/" + ApiHandler.encodePath(key) + "?local=true");
            if (body != null) {
                return Optional.of(AlertView.fromJson(Json.mapper().readTree(body)));
            }
        }
        return Optional.empty();
    }

    private String ask(String authorization, String peer, String pathAndQuery) throws InterruptedException {
        String body = askAllowing404(authorization, peer, pathAndQuery);
        if (body == null) {
            throw new ApiHandler.PeerFailure("instance " + peer + " answered 404 to " + pathAndQuery);
        }
        return body;
    }

    /** The body of a peer's 200, null for its 404; anything else fails the request, naming the peer. */
    private String askAllowing404(String auth, String peer, String pathAndQuery) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer + pathAndQuery)).timeout(PEER_TIMEOUT).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiHandler.PeerFailure("instance " + peer + " did not answer (" + e + "); its partitions are "
                    + "not in this answer, retry once they have moved");
        }
        if (r.statusCode() == 200) {
            return r.body();
        }
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() == 503) {
            throw new AlertState.Unavailable("instance " + peer + " is not queryable now: " + r.body().strip());
        }
        throw new ApiHandler.PeerFailure("instance " + peer + " answered " + r.statusCode() + ": "
                + r.body().strip());
    }
}
