package org.frontierwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.frontierwatch.api.AlertState;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.api.HttpReplies;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of the operator console: {@code GET /api/acks} (every one held, newest first),
 * {@code GET /api/acks/{key}}, and {@code POST /api/acks/{key}} with {@code {"alert_id", "disposition", "note",
 * "by"}}, which checks the message acknowledged is still the alert's latest (409 otherwise: the officer must look at
 * what changed), takes its level from that message, writes the acknowledgement to the acknowledgements topic and
 * answers 201 with it once the broker has it (503 if it could not be written). Same token rule as the query API; a
 * POST must come from this server's own pages ({@link #requireOwnPage}).
 */
public final class AckHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AckHandler.class);
    private static final int MAX_BODY = 16 * 1024;
    /** localhost, an IPv4 address or a bracketed IPv6 address, with an optional port. */
    private static final Pattern LOCAL_HOST = Pattern.compile(
            "(?i)(localhost|\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-f:.]+\\])(:\\d+)?");

    /** Where acknowledgements go: the acknowledgements topic, or a list in tests. */
    @FunctionalInterface
    public interface Sink {
        void write(Acknowledgement ack) throws Exception;
    }

    /** The latest message of an alert key, from any instance; the caller's Authorization header passed on. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Alert> latest(String key, String authorization) throws IOException, InterruptedException;
    }

    private final Acknowledgements acks;
    private final Lookup lookup;
    private final Sink sink;
    private final BiConsumer<Acknowledgement, Alert> afterWrite;
    private final BearerToken token;
    private final Clock clock;

    /**
     * {@code afterWrite} runs with the acknowledgement and the message it acknowledges once it is on the topic (the
     * Alertmanager silence, when the bridge is on).
     */
    public AckHandler(Acknowledgements acks, Lookup lookup, Sink sink, BiConsumer<Acknowledgement, Alert> afterWrite,
                      BearerToken token, Clock clock) {
        this.acks = acks;
        this.lookup = lookup;
        this.sink = sink;
        this.afterWrite = afterWrite;
        this.token = token;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!token.admit(exchange)) {
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (!path.equals("/api/acks") && !path.startsWith("/api/acks/")) {
                throw new BadRequest(404, "no such resource: " + path);
            }
            String key = path.length() > "/api/acks/".length()
                    ? ApiHandler.decodePath(path.substring("/api/acks/".length())) : null;
            switch (exchange.getRequestMethod()) {
                case "GET", "HEAD" -> get(exchange, key);
                case "POST" -> post(exchange, key);
                default -> {
                    exchange.getResponseHeaders().set("Allow", "GET, POST");
                    HttpReplies.error(exchange, 405, "GET or POST only");
                }
            }
        } catch (BadRequest e) {
            HttpReplies.error(exchange, e.status, e.getMessage());
        } catch (InterruptedException | RuntimeException e) {
            HttpReplies.failure(exchange, e, "acknowledgement request");
        }
    }

    private void get(HttpExchange exchange, String key) throws IOException {
        requireReady();
        if (key == null) {
            ArrayNode out = Json.mapper().createArrayNode();
            acks.all().forEach(a -> out.add(Json.mapper().valueToTree(a)));
            HttpReplies.json(exchange, 200, Json.mapper().writeValueAsString(out));
            return;
        }
        Acknowledgement ack = acks.of(key).orElseThrow(() -> new BadRequest(404, "no acknowledgement of '" + key
                + "'"));
        HttpReplies.json(exchange, 200, Json.mapper().writeValueAsString(ack));
    }

    private void post(HttpExchange exchange, String key) throws IOException, InterruptedException {
        if (key == null) {
            exchange.getResponseHeaders().set("Allow", "GET");
            throw new BadRequest(405, "POST to /api/acks/{alert key}; /api/acks itself is GET only");
        }
        requireOwnPage(exchange);
        AckRequest request = AckRequest.parse(readBody(exchange));
        Alert latest = lookup.latest(key, exchange.getRequestHeaders().getFirst("Authorization"))
                .orElseThrow(() -> new BadRequest(404, "no alert with key '" + key + "' in the state"));
        if (!latest.alertId().equals(request.alertId())) {
            throw new BadRequest(409, "'" + request.alertId() + "' is no longer the latest message of this alert ('"
                    + latest.alertId() + "' is): look at what changed, then acknowledge that");
        }
        Acknowledgement ack = new Acknowledgement(key, latest.alertId(), latest.content().response(),
                latest.content().severity(), request.disposition(), request.note(), request.by(), clock.instant());
        try {
            sink.write(ack);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Acknowledgement of {} not written: {}", LogSafe.clip(key), LogSafe.clip(String.valueOf(e)));
            exchange.getResponseHeaders().set("Retry-After", ApiHandler.RETRY_AFTER_SECONDS);
            throw new BadRequest(503, "the acknowledgement could not be written to Kafka now; nothing was recorded, "
                    + "try again");
        }
        acks.apply(key, ack);
        afterWrite.accept(ack, latest);
        HttpReplies.json(exchange, 201, Json.mapper().writeValueAsString(ack));
    }

    /**
     * Refuses what a page of another site could send: a body that is not JSON (a cross-origin page cannot send
     * {@code application/json} without a CORS preflight, which this server never grants), an {@code Origin} that is
     * not this server (behind a proxy: {@code X-Forwarded-Host}), and, when no token guards the server, a
     * {@code Host} that is a name other than localhost (a DNS-rebinding page would name its own domain).
     */
    private void requireOwnPage(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest(415, "the body must be JSON (Content-Type: application/json)");
        }
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        String host = forwarded != null ? forwarded : exchange.getRequestHeaders().getFirst("Host");
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && (host == null || !origin.replaceFirst("^https?://", "").equalsIgnoreCase(host))) {
            throw new BadRequest(403, "acknowledgements are accepted only from this server's own pages");
        }
        if (!token.configured() && host != null && !LOCAL_HOST.matcher(host).matches()) {
            throw new BadRequest(403, "without an API token, acknowledgements are accepted only on localhost or an "
                    + "IP address (not '" + host + "'); set frontier.api.token to use a host name");
        }
    }

    private void requireReady() {
        if (!acks.ready()) {
            throw new AlertState.Unavailable("the acknowledgements are still being read from their topic");
        }
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
            }
            try {
                return Json.mapper().readTree(new String(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new BadRequest(400, "the body is not valid JSON");
            }
        }
    }

    /** A request this handler refuses, with its HTTP status. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
