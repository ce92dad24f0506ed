package org.frontierwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.frontierwatch.api.AlertState;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.api.HttpReplies;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of the operator console: {@code GET /api/acks} (every one held, newest first),
 * {@code GET /api/acks/{key}}, and {@code POST /api/acks/{key}} with {@code {"alert_id", "disposition", "note",
 * "by"}}, which checks the message acknowledged is still the alert's latest (409 otherwise: the officer must look at
 * what changed), takes its level from that message, writes the acknowledgement to the acknowledgements topic and
 * answers 201 with it once the broker has it. Same token rule as the query API; a POST must be JSON (so a page of
 * another origin cannot send one without a CORS preflight this server never grants) and, when the browser names its
 * origin, come from this server's own.
 */
public final class AckHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AckHandler.class);
    private static final int MAX_BODY = 16 * 1024;

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
            if (!token.accepts(exchange)) {
                BearerToken.challenge(exchange);
                HttpReplies.error(exchange, 401, "a valid 'Authorization: Bearer <token>' header is required");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (!path.equals("/api/acks") && !path.startsWith("/api/acks/")) {
                throw new BadRequest(404, "no such resource: " + path);
            }
            String key = path.length() > "/api/acks/".length() ? decode(path.substring("/api/acks/".length())) : null;
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
        } catch (AlertState.Unavailable e) {
            exchange.getResponseHeaders().set("Retry-After", "5");
            HttpReplies.error(exchange, 503, e.getMessage());
        } catch (ApiHandler.PeerFailure e) {
            HttpReplies.error(exchange, 502, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpReplies.error(exchange, 503, "interrupted");
        } catch (Exception e) {
            LOG.error("acknowledgement request failed", e);
            HttpReplies.error(exchange, 500, "internal error: " + e);
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

    private void post(HttpExchange exchange, String key) throws Exception {
        if (key == null) {
            throw new BadRequest(404, "POST to /api/acks/{alert key}");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest(415, "the body must be JSON (Content-Type: application/json)");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && (host == null || !origin.replaceFirst("^https?://", "").equals(host))) {
            throw new BadRequest(403, "acknowledgements are accepted only from this server's own pages");
        }
        AckRequest request = AckRequest.parse(readBody(exchange));
        Alert latest = lookup.latest(key, exchange.getRequestHeaders().getFirst("Authorization"))
                .orElseThrow(() -> new BadRequest(404, "no alert with key '" + key + "' in the state"));
        if (!latest.alertId().equals(request.alertId())) {
            throw new BadRequest(409, "'" + request.alertId() + "' is no longer the latest message of this alert ('"
                    + latest.alertId() + "' is): look at what changed, then acknowledge that");
        }
        Acknowledgement ack = new Acknowledgement(key, latest.alertId(), latest.content().response(),
                latest.content().severity(), request.disposition(), request.note(), request.by(), clock.instant());
        sink.write(ack);
        acks.apply(key, ack);
        afterWrite.accept(ack, latest);
        HttpReplies.json(exchange, 201, Json.mapper().writeValueAsString(ack));
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

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "bad percent-encoding in '" + raw + "'");
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
