package org.frontierwatch.alertmanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.frontierwatch.serde.Json;

/**
 * Posts alerts to one Alertmanager's API v2 ({@code POST /api/v2/alerts}, a JSON array of {@code postableAlert}).
 * A failure is thrown as {@link PostFailure} with a bounded reason for metrics.
 */
public final class AlertmanagerClient {

    /** Failure reasons, a closed set (the {@code reason} label of the failure counter). */
    public static final List<String> REASONS = List.of("connection", "timeout", "rejected", "server_error", "other");

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerClient(URI baseUrl, Duration timeout) {
        this.endpoint = AlertmanagerSettings.alertsEndpoint(baseUrl);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public void post(List<AlertmanagerAlert> alerts) throws PostFailure, InterruptedException {
        byte[] body = toJson(alerts);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new PostFailure("timeout", "no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new PostFailure("connection", "cannot connect: " + e.getMessage());
        } catch (IOException e) {
            throw new PostFailure("connection", e.toString());
        } catch (IllegalArgumentException | SecurityException e) {
            throw new PostFailure("other", e.toString());
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String answer = response.body() == null ? "" : response.body().strip();
        if (answer.length() > 300) {
            answer = answer.substring(0, 300) + "...";
        }
        throw new PostFailure(status >= 500 ? "server_error" : status >= 400 ? "rejected" : "other",
                "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer));
    }

    static byte[] toJson(List<AlertmanagerAlert> alerts) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (AlertmanagerAlert a : alerts) {
            ObjectNode o = array.addObject();
            ObjectNode labels = o.putObject("labels");
            for (Map.Entry<String, String> l : a.labels().entrySet()) {
                labels.put(l.getKey(), l.getValue());
            }
            ObjectNode annotations = o.putObject("annotations");
            for (Map.Entry<String, String> n : a.annotations().entrySet()) {
                annotations.put(n.getKey(), n.getValue());
            }
            o.put("startsAt", a.startsAt().toString());
            o.put("endsAt", a.endsAt().toString());
        }
        try {
            return Json.mapper().writeValueAsBytes(array);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write alerts as JSON", e);
        }
    }

    /** A post that did not succeed; {@link #reason()} is one of {@link #REASONS}. */
    public static final class PostFailure extends Exception {
        private final String reason;

        public PostFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
