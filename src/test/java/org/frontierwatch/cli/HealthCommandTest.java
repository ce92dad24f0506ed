package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code health} against a loopback HTTP server that answers what the test says, and against a closed port. */
class HealthCommandTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4);
        server.createContext("/health", exchange -> {
            byte[] body = ("{\"status\":\"" + (status.get() == 200 ? "UP" : "DOWN") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    /** Runs the command in this JVM; returns the exit code and what it printed. */
    private static Object[] health(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "health";
            System.arraycopy(args, 0, all, 1, args.length);
            int rc = FrontierWatchCli.execute(all);
            return new Object[] {rc, out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void shouldExitZeroWithOneLineWhenTheProcessorIsHealthy() {
        Object[] r = health("--url", url());
        assertEquals(0, r[0]);
        String out = (String) r[1];
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("healthy: " + url() + " answered 200"), out);
    }

    @Test
    void shouldExitOneWhenTheProcessorAnswersUnhealthy() {
        status.set(503);
        Object[] r = health("--url", url());
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).startsWith("unhealthy: " + url() + " answered 503 {\"status\":\"DOWN\"}"),
                (String) r[1]);
    }

    @Test
    void shouldExitOneWhenNothingListens() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Object[] r = health("--url", "http://127.0.0.1:" + closed + "/health", "--timeout", "2");
        assertEquals(1, r[0]);
        String out = (String) r[1];
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("unhealthy: cannot reach http://127.0.0.1:" + closed + "/health"), out);
    }

    @Test
    void shouldRejectAUrlThatIsNotHttp() {
        assertEquals(1, health("--url", "ftp://127.0.0.1/health")[0]);
    }
}
