package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.testing.JarProcess;
import org.frontierwatch.testing.ProcessorProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every healthcheck of docker-compose.yml, and the Dockerfile's HEALTHCHECK, on this machine against a real
 * broker and a real processor, as Docker would run them in the containers: exec form as given, {@code CMD-SHELL}
 * under {@code dash -c} (the images' {@code /bin/sh} is dash), with the container's paths and ports mapped to the
 * test's and the healthcheck's own timeout. Each must pass while its service is up and fail once it is down.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class ComposeHealthcheckIT {

    private static final Path BROKER_API_VERSIONS = Path.of("/opt/kafka/bin/kafka-broker-api-versions.sh");
    private static final Path IMAGE_JAR = Path.of("/app/frontier-watch.jar");
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    /** A healthcheck as Docker keeps it: the test array and its timeout. */
    record Check(String owner, List<String> test, Duration timeout) {
    }

    static Map<String, Check> composeChecks() throws Exception {
        JsonNode services = new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()).path("services");
        Map<String, Check> checks = new LinkedHashMap<>();
        services.fields().forEachRemaining(e -> {
            JsonNode hc = e.getValue().path("healthcheck");
            if (!hc.isMissingNode() && !hc.path("disable").asBoolean(false)) {
                List<String> test = new ArrayList<>();
                hc.path("test").forEach(t -> test.add(t.asText()));
                checks.put(e.getKey(), new Check("docker-compose.yml " + e.getKey(), test,
                        duration(hc.path("timeout").asText("30s"))));
            }
        });
        return checks;
    }

    /** The Dockerfile's HEALTHCHECK (continuation lines joined): its CMD array and --timeout. */
    static Check dockerfileCheck() throws Exception {
        String joined = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
        Matcher m = Pattern.compile("(?m)^HEALTHCHECK\\s+(.*?)\\bCMD\\s+(\\[.*])\\s*$").matcher(joined);
        assertTrue(m.find(), "the Dockerfile has a HEALTHCHECK in exec form");
        List<String> test = new ArrayList<>(List.of("CMD"));
        new ObjectMapper().readTree(m.group(2)).forEach(t -> test.add(t.asText()));
        Matcher t = Pattern.compile("--timeout=(\\S+)").matcher(m.group(1));
        return new Check("Dockerfile HEALTHCHECK", test, duration(t.find() ? t.group(1) : "30s"));
    }

    private static Duration duration(String s) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(s);
        assertTrue(m.matches(), "a healthcheck duration this test reads: " + s);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    @Test
    void shouldCheckEveryServerOfTheStackAndNeedNoShellForTheProcessor() throws Exception {
        Map<String, Check> checks = composeChecks();
        assertEquals(List.of("kafka", "frontier-watch"), List.copyOf(checks.keySet()),
                "the services with a healthcheck (the broker, which the others wait for, and the processor, which the "
                        + "producer waits for); the tests below run each of them");
        assertEquals("CMD", checks.get("frontier-watch").test().get(0), "exec form: no /bin/sh involved");
        assertEquals(checks.get("frontier-watch").test().subList(0, 8), dockerfileCheck().test().subList(0, 8),
                "compose runs the image's own check (with the port spelled out)");
    }

    @Test
    void shouldPassTheProcessorsHealthchecksWhileItRunsAndFailThemOnceItStopped() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("broker"), "127.0.0.1", 0);
        try (broker) {
            String bootstrap = broker.bootstrapServers();
            List<Check> checks = List.of(composeChecks().get("frontier-watch"), dockerfileCheck());
            try (ProcessorProcess processor = ProcessorProcess.startWithDefaults(bootstrap, "fw-health", "fw-health",
                    tmp.resolve("state"), 1, Map.of())) {
                processor.awaitRunning(START);
                Map<String, String> ports = Map.of("127.0.0.1:8080", "127.0.0.1:" + processor.metricsPort());
                // The image's check reads the port from FW_METRICS_PORT, which the container sets for `run` too.
                Map<String, String> env = Map.of("FW_METRICS_PORT", Integer.toString(processor.metricsPort()));
                for (Check c : checks) {
                    assertPassesWithinRetries(c, ports, env);
                }
                processor.stop(Duration.ofSeconds(60));
                for (Check c : checks) {
                    assertNotEquals(0, run(c, ports, env).rc, c.owner() + " fails once the processor is down");
                }
            }
        }
    }

    @Test
    void shouldPassTheBrokersHealthcheckWhileItRunsAndFailItOnceItStopped() throws Exception {
        Check check = composeChecks().get("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("broker"), "127.0.0.1", 0);
        Map<String, String> ports = Map.of("localhost:9092", broker.bootstrapServers());
        try (broker) {
            assertPassesWithinRetries(check, ports, Map.of());
        }
        assertNotEquals(0, run(check, ports, Map.of()).rc, check.owner() + " fails once the broker is down");
    }

    /** Passes on one of three tries, as a just-started service would within Docker's retries. */
    private void assertPassesWithinRetries(Check c, Map<String, String> ports, Map<String, String> env)
            throws Exception {
        Result last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            last = run(c, ports, env);
            if (last.rc == 0) {
                return;
            }
        }
        throw new AssertionError(c.owner() + " did not pass while the service is up: exit " + last.rc + "\n"
                + last.output);
    }

    record Result(int rc, String output) {
    }

    /** Runs one check the way Docker would in the container, with a Docker-like timeout (overrun = failed). */
    private Result run(Check c, Map<String, String> ports, Map<String, String> env) throws Exception {
        List<String> test = c.test();
        List<String> cmd = new ArrayList<>();
        switch (test.get(0)) {
            case "CMD" -> {
                for (String a : test.subList(1, test.size())) {
                    cmd.add(local(a, ports));
                }
            }
            case "CMD-SHELL" -> cmd.addAll(List.of("dash", "-c", local(String.join(" ", test.subList(1, test.size())),
                    ports)));
            default -> throw new AssertionError(c.owner() + ": a healthcheck test Docker would not run: " + test);
        }
        if (cmd.get(0).equals("java")) {
            cmd.set(0, JarProcess.javaBin());
        }
        try (JarProcess p = JarProcess.startCommand(cmd, env, null)) {
            int rc = p.exitCodeWithin(c.timeout());
            return new Result(rc, String.join(" ", cmd) + "\n" + p.stdout() + p.stderr());
        }
    }

    /** Container paths and ports as they are here: the built jar, Kafka's broker-api-versions tool, free ports. */
    private String local(String arg, Map<String, String> ports) throws Exception {
        String a = arg.replace(IMAGE_JAR.toString(), JarProcess.JAR.toAbsolutePath().toString())
                .replace(BROKER_API_VERSIONS.toString(), brokerApiVersionsScript().toString());
        for (Map.Entry<String, String> p : ports.entrySet()) {
            a = a.replace(p.getKey(), p.getValue());
        }
        return a;
    }

    /**
     * Stands in for the Kafka image's {@code bin/kafka-broker-api-versions.sh}: a dash script running the same
     * Kafka tool class ({@code org.apache.kafka.tools.BrokerApiVersionsCommand}, from Maven Central) with the args.
     */
    private Path brokerApiVersionsScript() throws Exception {
        Path script = tmp.resolve("kafka-broker-api-versions.sh");
        if (!Files.exists(script)) {
            Files.writeString(script, "#!/usr/bin/env dash\nexec '" + JarProcess.javaBin() + "' -Xmx256m -cp '"
                    + JarProcess.classPath() + "' org.apache.kafka.tools.BrokerApiVersionsCommand \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return script;
    }
}
