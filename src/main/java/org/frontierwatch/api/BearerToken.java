package org.frontierwatch.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The HTTP endpoint's access rule, shared by the query API, the console's live events and its acknowledgements: with
 * a token configured, a request needs {@code Authorization: Bearer <token>}; without one, everything is open (the
 * server then binds to loopback by default).
 */
public final class BearerToken {

    private final byte[] token;

    public BearerToken(String token) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return token != null;
    }

    /** Constant-time comparison, so the answer's timing says nothing about how much of a guess was right. */
    public boolean accepts(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** True when the request may go on; otherwise answers 401 with the challenge header and returns false. */
    public boolean admit(HttpExchange exchange) throws IOException {
        if (accepts(exchange)) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"frontier-watch\"");
        HttpReplies.error(exchange, 401, "a valid 'Authorization: Bearer <token>' header is required");
        return false;
    }
}
