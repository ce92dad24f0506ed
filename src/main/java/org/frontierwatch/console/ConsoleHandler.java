package org.frontierwatch.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.api.HttpReplies;
import org.frontierwatch.model.ResponseType;

/**
 * Serves the operator console under {@code /console/}: the page, its script and style, the bundled map library
 * (Leaflet, from its WebJar) and borders (world-atlas), all from the jar, and {@code /console/events}, the live
 * stream of alert messages and acknowledgements (server-sent events). Every answer carries a
 * {@code Content-Security-Policy} that allows nothing but this server's own origin (no inline script or style, no
 * third party). The files hold no secret and are open; the event stream needs the token like the API.
 */
public final class ConsoleHandler implements HttpHandler {

    /** Where the Leaflet WebJar keeps its files; {@code ConsoleHttpTest} checks they are on the classpath. */
    static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** Path under /console/ → classpath resource and content type. */
    static final Map<String, String[]> FILES = Map.ofEntries(
            Map.entry("", new String[] {"console/index.html", "text/html; charset=utf-8"}),
            Map.entry("app.js", new String[] {"console/app.js", "text/javascript; charset=utf-8"}),
            Map.entry("app.css", new String[] {"console/app.css", "text/css; charset=utf-8"}),
            Map.entry("vendor/leaflet.js", new String[] {LEAFLET + "dist/leaflet.js",
                "text/javascript; charset=utf-8"}),
            Map.entry("vendor/leaflet.css", new String[] {LEAFLET + "dist/leaflet.css", "text/css; charset=utf-8"}),
            Map.entry("vendor/LICENSE-leaflet.txt", new String[] {LEAFLET + "LICENSE", "text/plain; charset=utf-8"}),
            Map.entry("vendor/topojson-client.min.js", new String[] {"console/vendor/topojson-client.min.js",
                "text/javascript; charset=utf-8"}),
            Map.entry("vendor/countries-50m.json", new String[] {"console/vendor/countries-50m.json",
                "application/json"}),
            Map.entry("vendor/LICENSE-world-atlas.txt", new String[] {"console/vendor/LICENSE-world-atlas.txt",
                "text/plain; charset=utf-8"}),
            Map.entry("vendor/LICENSE-topojson-client.txt", new String[] {
                "console/vendor/LICENSE-topojson-client.txt", "text/plain; charset=utf-8"}));

    private final LiveEvents events;
    private final BearerToken token;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public ConsoleHandler(LiveEvents events, BearerToken token) {
        this.events = events;
        this.token = token;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        securityHeaders(exchange);
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/console")) {
            exchange.getResponseHeaders().set("Location", "/console/");
            HttpReplies.respond(exchange, 308, "text/plain; charset=utf-8", "see /console/\n");
            return;
        }
        if (!path.startsWith("/console/")) {
            HttpReplies.error(exchange, 404, "no such resource: " + path);
            return;
        }
        String name = path.substring("/console/".length());
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            HttpReplies.error(exchange, 405, "GET only");
        } else if (name.equals("events")) {
            stream(exchange);
        } else if (name.equals("levels.js")) {
            HttpReplies.respond(exchange, 200, "text/javascript; charset=utf-8", levelsScript());
        } else if (FILES.containsKey(name)) {
            String[] file = FILES.get(name);
            HttpReplies.respond(exchange, 200, file[1], cache.computeIfAbsent(file[0], ConsoleHandler::resource));
        } else {
            HttpReplies.error(exchange, 404, "no such resource: " + path);
        }
    }

    static void securityHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    }

    /** The console's order of CAP responses (one definition: {@link ResponseLevels}), as a script the page loads. */
    static String levelsScript() {
        String ranks = Arrays.stream(ResponseType.values())
                .map(r -> "\"" + r.name() + "\":" + ResponseLevels.rank(r)).collect(Collectors.joining(","));
        return "window.FW_RESPONSE_RANK = Object.freeze({" + ranks + "});\n";
    }

    /** Server-sent events until the browser goes away, falls behind, or the server stops; a comment as heartbeat. */
    private void stream(HttpExchange exchange) throws IOException {
        if (!token.admit(exchange)) {
            return;
        }
        Optional<LiveEvents.Subscriber> subscribed = events.subscribe();
        if (subscribed.isEmpty()) {
            exchange.getResponseHeaders().set("Retry-After", "30");
            HttpReplies.error(exchange, 503, LiveEvents.MAX_SUBSCRIBERS + " browsers are already following; retry");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try (LiveEvents.Subscriber s = subscribed.get(); OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 0);
            write(out, "retry: 3000\n: following\n\n");
            while (!s.closed()) {
                String frame = s.next(HEARTBEAT);
                write(out, frame == null ? ": heartbeat\n\n" : frame);
            }
            if (s.overflowed()) {
                write(out, "event: overflow\ndata: {}\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The browser went away: nothing to answer.
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static byte[] resource(String name) {
        try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
