package org.frontierwatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code health}: asks a running processor's {@code GET /health} and exits 0 when it answers 200, 1 otherwise, with
 * one line on stdout; what container healthchecks run (no shell, no curl needed in the image).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Exit 0 when a running processor's /health answers 200, 1 otherwise (one line either way).")
final class HealthCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL",
            defaultValue = "${env:FW_HEALTH_URL:-http://127.0.0.1:${env:FW_METRICS_PORT:-8080}/health}",
            description = "The health endpoint. Default: ${DEFAULT-VALUE}. Env: FW_HEALTH_URL (or FW_METRICS_PORT).")
    String url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliException("--url: not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new CliException("--url: not an http(s) URL: " + url);
        }
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body().strip().replaceAll("\\s+", " ");
            body = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            if (r.statusCode() == 200) {
                System.out.println("healthy: " + uri + " answered 200 " + body);
                return 0;
            }
            System.out.println("unhealthy: " + uri + " answered " + r.statusCode() + " " + body);
            return 1;
        } catch (IOException e) {
            System.out.println("unhealthy: cannot reach " + uri + ": " + FrontierWatchCli.message(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println("unhealthy: interrupted while asking " + uri);
            return 1;
        }
    }
}
