package org.frontierwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.serde.Json;

/**
 * Debian's {@code prometheus-alertmanager} as a child process on a loopback port, gossip off, with its own storage
 * directory; queried with Debian's {@code amtool}, the client operators use.
 */
public final class AlertmanagerProcess implements AutoCloseable {

    public static final Path SHIPPED_CONFIG = Path.of("config/alertmanager/alertmanager.yml");

    private final Path config;
    private final Path storage;
    private final int port;
    private JarProcess process;

    private AlertmanagerProcess(Path config, Path storage, int port) {
        this.config = config;
        this.storage = storage;
        this.port = port;
    }

    /** Starts one on a free port and waits (bounded) until it answers {@code /-/ready}. */
    public static AlertmanagerProcess start(Path config, Path storage) throws Exception {
        AlertmanagerProcess am = new AlertmanagerProcess(config, storage, FreePorts.next());
        am.startAgain();
        return am;
    }

    /** Starts it (again) on the same port and storage. */
    public void startAgain() throws Exception {
        Files.createDirectories(storage);
        process = JarProcess.startCommand(List.of("prometheus-alertmanager", "--config.file=" + config,
                "--storage.path=" + storage, "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--log.level=warn"), Map.of(), null);
        HttpClient http = HttpClient.newHttpClient();
        Await.until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + process.stderr());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        }, Duration.ofSeconds(30), () -> "alertmanager ready on " + url() + "\n" + process.stderr());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: what it held in memory (all alerts) is gone. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** {@code amtool alert query -o json} (active alerts; {@code --inhibited} for the inhibited ones). */
    public List<JsonNode> query(String... flags) throws Exception {
        return amtool(List.of("alert", "query"), flags);
    }

    /** {@code amtool silence query -o json} with {@code matchers} (e.g. {@code alert_key=...}): active silences. */
    public List<JsonNode> silences(String... matchers) throws Exception {
        return amtool(List.of("silence", "query"), matchers);
    }

    /** Runs {@code amtool <command> -o json <args>} against this Alertmanager; the JSON array it prints. */
    private List<JsonNode> amtool(List<String> command, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("amtool"));
        cmd.addAll(command);
        cmd.addAll(List.of("--alertmanager.url=" + url(), "-o", "json"));
        cmd.addAll(List.of(args));
        try (JarProcess amtool = JarProcess.startCommand(cmd, Map.of(), null)) {
            int rc = amtool.waitFor(Duration.ofSeconds(30));
            if (rc != 0) {
                throw new IllegalStateException("amtool exited " + rc + ": " + amtool.stderr());
            }
            List<JsonNode> out = new ArrayList<>();
            String json = amtool.stdout().strip();
            if (!json.isEmpty() && !json.equals("null")) {
                Json.mapper().readTree(json).forEach(out::add);
            }
            return out;
        }
    }

    public String log() {
        return process == null ? "" : process.stderr();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
