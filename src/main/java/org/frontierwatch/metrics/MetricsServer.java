package org.frontierwatch.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4 from the Micrometer registry) and {@code GET /health}
 * (200 with a JSON body when healthy, 503 otherwise) on a configurable address and port.
 */
public final class MetricsServer implements AutoCloseable {

    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Threads serving HTTP requests: the console's live-event streams (at most 32) and 16 for the rest. */
    static final int HTTP_THREADS = 48;

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving; port 0 picks a free port. Throws IllegalStateException with one line when it cannot bind. */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
                                      Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 16);
        } catch (BindException e) {
            throw new IllegalStateException("cannot serve metrics: port " + port + " on " + bindAddress
                    + " is already in use");
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on " + bindAddress + ":" + port + ": "
                    + e.getMessage());
        }
        server.createContext("/metrics", exchange -> {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
                return;
            }
            respond(exchange, 200, PROMETHEUS_CONTENT_TYPE, registry.scrape());
        });
        server.createContext("/health", exchange -> {
            Health h = health.get();
            respond(exchange, h.healthy() ? 200 : 503, "application/json", h.toJson());
        });
        // Enough threads for the console's live-event streams (each holds one while open, at most 32) besides the
        // short requests; idle threads end after a minute.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "frontier-watch-http");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds {@code handler} for every path under {@code pathPrefix}. */
    public void handle(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The processor's health: Kafka Streams' state and whether the broker answered recently. */
    public record Health(boolean healthy, String streamsState, boolean brokerReachable) {
        String toJson() {
            return "{\"status\":\"" + (healthy ? "UP" : "DOWN") + "\",\"streams_state\":\"" + streamsState
                    + "\",\"broker_reachable\":" + brokerReachable + "}\n";
        }
    }
}
