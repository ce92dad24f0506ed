package org.frontierwatch.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processor ({@code frontier-watch.jar run}) as a child JVM against an external broker, so that a test can kill
 * it with SIGKILL, stop it with SIGTERM and start it again on the same state directory. Settings reach it only the
 * way an operator's would: options and {@code FW_*} environment variables.
 */
public final class ProcessorProcess implements AutoCloseable {

    private static final Pattern RESTORED =
            Pattern.compile("State restore finished: store=(\\S+) partition=\\S+ records=(\\d+)");
    private static final Pattern PROMOTED =
            Pattern.compile("Standby suspended: .* reason=PROMOTED .*, (\\d+|unknown number of) records behind");

    private final JarProcess process;
    private final String name;
    private final int metricsPort;

    private ProcessorProcess(JarProcess process, String name, int metricsPort) {
        this.process = process;
        this.name = name;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts {@code run} with {@code FW_KAFKA_*} settings for exactly-once, a 100 ms commit interval, static
     * membership under {@code instance}, and a 10 s session timeout; {@code extraEnv} adds or overrides.
     */
    public static ProcessorProcess start(String bootstrap, String appId, String instance, Path stateDir,
                                         int partitions, Map<String, String> extraEnv) throws Exception {
        return start(bootstrap, appId, instance, stateDir, partitions, extraEnv, List.of());
    }

    /** As above, with extra command-line arguments for {@code run} (e.g. {@code --config FILE}). */
    public static ProcessorProcess start(String bootstrap, String appId, String instance, Path stateDir,
                                         int partitions, Map<String, String> extraEnv, List<String> extraArgs)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FW_KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("FW_KAFKA_GROUP_INSTANCE_ID", instance);
        env.put("FW_KAFKA_SESSION_TIMEOUT_MS", "10000");
        env.put("FW_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        env.putAll(extraEnv);
        return launch(bootstrap, appId, instance, stateDir, partitions, env, extraArgs);
    }

    /**
     * Starts {@code run} as an operator would who sets nothing about recovery: only the application id (so that
     * tests do not share a group) and {@code extraEnv}; every Kafka and Streams setting else is the processor's
     * default. {@code name} only labels the process in logs.
     */
    public static ProcessorProcess startWithDefaults(String bootstrap, String appId, String name, Path stateDir,
                                                     int partitions, Map<String, String> extraEnv) throws Exception {
        return startWithDefaults(bootstrap, appId, name, stateDir, partitions, extraEnv, List.of());
    }

    /** As above, with extra command-line arguments for {@code run} (e.g. {@code --config FILE}). */
    public static ProcessorProcess startWithDefaults(String bootstrap, String appId, String name, Path stateDir,
                                                     int partitions, Map<String, String> extraEnv,
                                                     List<String> extraArgs) throws Exception {
        return launch(bootstrap, appId, name, stateDir, partitions, new HashMap<>(extraEnv), extraArgs);
    }

    private static ProcessorProcess launch(String bootstrap, String appId, String instance, Path stateDir,
                                           int partitions, Map<String, String> env, List<String> extraArgs)
            throws Exception {
        env.putIfAbsent("FW_KAFKA_APPLICATION_ID", appId);
        int metricsPort = FreePorts.next();
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-server", bootstrap,
                "--no-reference-load", "--state-dir", stateDir.toString(), "--partitions", Integer.toString(partitions),
                "--metrics-port", Integer.toString(metricsPort), "--broker-timeout", "60"));
        args.addAll(extraArgs);
        JarProcess p = JarProcess.start(env, null, args.toArray(String[]::new));
        return new ProcessorProcess(p, instance, metricsPort);
    }

    public void awaitRunning(Duration timeout) throws Exception {
        process.awaitOutput("-> RUNNING", timeout);
    }

    public void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM and a bounded wait for exit code 0. */
    public void stop(Duration timeout) throws InterruptedException {
        process.terminate();
        int rc = process.waitFor(timeout);
        if (rc != 0) {
            throw new AssertionError(name + " exited " + rc + " on SIGTERM\n" + log());
        }
    }

    /**
     * The value of one Prometheus sample from this process's /metrics, e.g.
     * {@code frontierwatch_reports_accepted_total{kind="new"}}; 0 when the series is absent.
     */
    public double metric(String series) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    /** The port of this process's /metrics and /health, on 127.0.0.1. */
    public int metricsPort() {
        return metricsPort;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return process.stdout() + process.stderr();
    }

    /** True when Kafka Streams entered ERROR at any point (the runner would then have replaced the client). */
    public boolean enteredError() {
        return log().contains("-> ERROR");
    }

    /** Records restored into the given stores, from the restore log lines. */
    public long restoredRecords(Set<String> stores) {
        Matcher m = RESTORED.matcher(log());
        long total = 0;
        while (m.find()) {
            if (stores.contains(m.group(1))) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }

    /**
     * How far behind its changelog each standby was when it was promoted to an active task, in the order of the log
     * ({@code -1} where Kafka did not know).
     */
    public List<Long> promotedStandbyLags() {
        Matcher m = PROMOTED.matcher(log());
        List<Long> lags = new ArrayList<>();
        while (m.find()) {
            lags.add(m.group(1).startsWith("unknown") ? -1L : Long.parseLong(m.group(1)));
        }
        return lags;
    }

    @Override
    public void close() {
        process.close();
    }
}
