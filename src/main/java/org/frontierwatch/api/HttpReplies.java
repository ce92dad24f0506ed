package org.frontierwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.frontierwatch.serde.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the HTTP endpoint's handlers (query API, acknowledgements, console) answer: a body with its type, never cached
 * ({@code Cache-Control: no-store}: alerts change, and they name people at risk), nothing but headers for HEAD; errors
 * as {@code {"error": ..., "status": ...}}.
 */
public final class HttpReplies {

    private static final Logger LOG = LoggerFactory.getLogger(HttpReplies.class);

    private HttpReplies() {
    }

    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, "application/json", body);
    }

    public static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, errorJson(status, message) + "\n");
    }

    /**
     * Answers what the API's handlers throw alike: a bad filter 400, state not queryable 503 with
     * {@code Retry-After}, another instance failing 502 naming it, an interruption 503, anything else 500 (logged
     * with {@code what}).
     */
    public static void failure(HttpExchange exchange, Exception e, String what) throws IOException {
        if (e instanceof AlertFilter.BadRequest) {
            error(exchange, 400, e.getMessage());
        } else if (e instanceof AlertState.Unavailable) {
            exchange.getResponseHeaders().set("Retry-After", ApiHandler.RETRY_AFTER_SECONDS);
            error(exchange, 503, e.getMessage());
        } else if (e instanceof ApiHandler.PeerFailure) {
            error(exchange, 502, e.getMessage());
        } else if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "interrupted");
        } else {
            LOG.error("{} {} failed", what, exchange.getRequestURI(), e);
            error(exchange, 500, "internal error: " + e);
        }
    }

    static String errorJson(int status, String message) throws JsonProcessingException {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("error", message);
        e.put("status", status);
        return Json.mapper().writeValueAsString(e);
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (!exchange.getResponseHeaders().containsKey("Cache-Control")) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
        }
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
