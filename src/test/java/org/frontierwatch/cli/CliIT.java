package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.frontierwatch.testing.CapSchema;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.JarProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users run it: {@code java -jar target/frontier-watch.jar ...} in a child process. */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class CliIT {

    static final Duration LIMIT = Duration.ofSeconds(120);
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    @BeforeAll
    static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("cli-reports", 1, (short) 1),
                    new NewTopic("cli-empty", 1, (short) 1))).all().get();
        }
    }

    private static JarProcess jar(String... args) throws Exception {
        return JarProcess.start(Map.of(), null, args);
    }

    private static void assertOneLineError(JarProcess p, String... fragments) {
        String err = p.stderr();
        for (String f : fragments) {
            assertTrue(err.contains(f), "stderr lacks '" + f + "':\n" + err);
        }
        assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
        assertTrue(err.lines().anyMatch(l -> l.startsWith("frontier-watch: ")), err);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldPrintHelpForEveryCommandAndExitTwoOnUsageErrors() throws Exception {
        for (String cmd : List.of("run", "produce", "tail", "demo", "setup", "health")) {
            try (JarProcess p = jar(cmd, "--help")) {
                assertEquals(0, p.waitFor(LIMIT), p.stderr());
                assertTrue(p.stdout().contains("Usage: frontier-watch " + cmd), p.stdout());
            }
        }
        try (JarProcess p = jar("run", "--no-such-option")) {
            assertEquals(2, p.waitFor(LIMIT));
            assertTrue(p.stderr().contains("--no-such-option"), p.stderr());
        }
        try (JarProcess p = jar()) {
            assertEquals(2, p.waitFor(LIMIT));
        }
    }

    static final List<String> SEED_ALERTS = List.of("ALERT foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26",
            "ALERT district-fatalities/tj-shamsiddin-shohin/2025-11-26",
            "ALERT foreign-workers-killed/tj-darvoz/2025-11-30",
            "ALERT repeat-attacks-on-nationals/TJ+CN/2025-11-26",
            "ALERT cross-border-incursions/tj-shamsiddin-shohin/2025-11-26",
            "UPDATE district-fatalities/tj-shamsiddin-shohin/2025-11-26",
            "ALERT weapons-cache/TJK-2025-0004");

    /** Type and key of each alert line ({@code ALERT  Extreme  Evacuate KEY — headline — sites: ...}). */
    static List<String> alertKeys(String out) {
        return out.lines().filter(l -> l.startsWith("ALERT ") || l.startsWith("UPDATE") || l.startsWith("CANCEL"))
                .map(l -> l.substring(0, 6).trim() + " " + l.substring(24).trim().split(" ")[0]).toList();
    }

    /** Anything slf4j-simple writes: a level between spaces, or a logger of ours or Kafka's. */
    static final Pattern LOG_LINE = Pattern.compile(" (TRACE|DEBUG|INFO|WARN|ERROR) "
            + "|org\\.apache\\.kafka|org\\.frontierwatch\\.|kafka\\.server");

    /** The log file the first line of a demo names; the demo's directory is deleted afterwards by the caller. */
    static Path logFileOf(String out) {
        String first = out.lines().findFirst().orElse("");
        Matcher m = Pattern.compile("full log in (\\S+)$").matcher(first);
        assertTrue(m.find(), "the first line names the log file: " + first);
        return Path.of(m.group(1));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void shouldReplayTheSeedStoryInTheDemoAsAConsoleOfAlertsWithTheLogInAFile() throws Exception {
        Path demoDir = null;
        try (JarProcess p = jar("demo", "--exit")) {
            assertEquals(0, p.waitFor(LIMIT), p.stderr());
            String out = p.stdout();
            Path log = logFileOf(out);
            demoDir = log.getParent();
            assertEquals(Path.of("data"), demoDir.getParent(), "a fresh directory under ./data, not /tmp: " + demoDir);
            assertTrue(out.lines()
                    .anyMatch(l -> l.matches("frontier-watch demo: Kafka broker on 127\\.0\\.0\\.1:\\d+ .*")),
                    "the broker line:\n" + out);
            assertEquals(SEED_ALERTS, alertKeys(out), out);
            assertTrue(out.contains("frontier-watch: 7 alert message(s) (6 Alert, 1 Update, 0 AllClear, 0 Cancel); "
                    + "reports received 4, accepted 4, duplicates 0, dead-lettered 0; full log in " + log),
                    "the summary:\n" + out);
            assertFalse(LOG_LINE.matcher(out).find(), "no log line on stdout:\n" + out);
            assertFalse(LOG_LINE.matcher(p.stderr()).find(), "no log line on stderr:\n" + p.stderr());
            assertFalse(out.contains("\u001b["), "no colour when stdout is not a terminal");

            String logged = Files.readString(log);
            assertTrue(logged.contains(" INFO org.frontierwatch.cli.ProcessorRunner - Kafka Streams state "
                            + "REBALANCING -> RUNNING"),
                    logged);
            assertTrue(logged.contains("Embedded Kafka broker (KRaft) listening on"), logged);
            // The start-up warnings fixed at their cause (issue #15) stay fixed.
            for (String fixed : List.of("has been already registered", "not enabled for the GlobalThread",
                    "OS temp directory")) {
                assertFalse(logged.contains(fixed), fixed + " in\n" + logged);
            }
            assertFalse(Files.exists(demoDir.resolve("kafka")) || Files.exists(demoDir.resolve("state")),
                    "the demo's broker data and state are deleted at exit, its log kept");
        } finally {
            if (demoDir != null) {
                deleteTree(demoDir);
            }
        }
    }

    @Test
    void shouldBringTheLogBackToTheConsoleWithVerbose() throws Exception {
        Path demoDir = null;
        try (JarProcess p = jar("demo", "--exit", "--verbose")) {
            assertEquals(0, p.waitFor(LIMIT), p.stderr());
            Path log = logFileOf(p.stdout());
            demoDir = log.getParent();
            assertEquals(SEED_ALERTS, alertKeys(p.stdout()), p.stdout());
            assertTrue(p.stderr().contains(" INFO org.frontierwatch.cli.ProcessorRunner - Kafka Streams state"),
                    p.stderr());
            assertTrue(Files.readString(log)
                    .contains(" INFO org.frontierwatch.cli.ProcessorRunner - Kafka Streams state"),
                    "the log file has it too");
        } finally {
            if (demoDir != null) {
                deleteTree(demoDir);
            }
        }
    }

    @Test
    void shouldRunOnAnEmbeddedBrokerStopOnSigtermAndResumeOnTheSameDataDir() throws Exception {
        Path data = tmp.resolve("run-data");
        String bootstrap;
        try (JarProcess run = jar("run", "--embedded-port", "0", "--metrics-port", Integer.toString(freePort()),
                "--data-dir", data.toString())) {
            run.awaitOutput("Ctrl-C stops", LIMIT);
            bootstrap = bootstrapOf(run.stderr());
            try (JarProcess produce = jar("produce", Fixtures.SEED_SCENARIO.toString(), "--bootstrap-server",
                    bootstrap)) {
                assertEquals(0, produce.waitFor(LIMIT), produce.stderr());
                assertTrue(produce.stderr().contains("sent 4, skipped 0"), produce.stderr());
            }
            try (JarProcess tail = jar("tail", "--from-beginning", "--max-messages", "7", "--timeout-ms", "60000",
                    "--bootstrap-server", bootstrap)) {
                assertEquals(0, tail.waitFor(LIMIT), tail.stderr());
                List<String> lines = tail.stdout().lines().toList();
                assertEquals(7, lines.size(), tail.stdout());
                assertTrue(lines.get(0).contains("\"key\":\"foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26\""),
                        lines.get(0));
            }
            try (JarProcess tail = jar("tail", "--format", "cap", "--from-beginning", "--max-messages", "7",
                    "--timeout-ms", "60000", "--bootstrap-server", bootstrap)) {
                assertEquals(0, tail.waitFor(LIMIT), tail.stderr());
                List<String> docs = tail.stdout().lines().toList();
                assertEquals(7, docs.size());
                docs.forEach(CapSchema::assertValid);
            }
            try (JarProcess tail = jar("tail", "--format", "text", "--from-beginning", "--max-messages", "7",
                    "--timeout-ms", "60000", "--bootstrap-server", bootstrap)) {
                assertEquals(0, tail.waitFor(LIMIT), tail.stderr());
                assertEquals(7, tail.stdout().lines().count(), "one line per message:\n" + tail.stdout());
                assertEquals(SEED_ALERTS, alertKeys(tail.stdout()), tail.stdout());
                assertTrue(tail.stdout().lines().findFirst().orElse("").equals("ALERT  Extreme  Evacuate "
                        + "foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26 — Evacuate Chinese workers from "
                        + "Shamsiddin Shohin: 3 killed in attack — sites: Shohin SM gold-mining compound — "
                        + "40 Chinese workers at 1 site"),
                        tail.stdout());
            }
            run.terminate();
            assertEquals(0, run.waitFor(LIMIT), "SIGTERM is a clean stop\n" + run.stderr());
            // Not on a terminal: a service's structured log lines on stdout, the one-line status on stderr.
            assertTrue(run.stdout().contains(" INFO org.frontierwatch.cli.ProcessorRunner - Kafka Streams state"),
                    run.stdout());
            assertFalse(LOG_LINE.matcher(run.stderr()).find(), run.stderr());
        }
        try (JarProcess run = jar("run", "--embedded-port", "0", "--metrics-port", Integer.toString(freePort()),
                "--data-dir", data.toString())) {
            run.awaitOutput("Ctrl-C stops", LIMIT);
            String again = bootstrapOf(run.stderr());
            String marker = Fixtures.with(Fixtures.report("cli-marker", "2025-12-04T00:00:00Z"),
                    Map.of("fatalities", 1, "victim_nationalities", List.of("IN"))).toString();
            String input = String.join("\n", Fixtures.seedReports()) + "\n" + marker + "\n";
            try (JarProcess produce = JarProcess.start(Map.of(), input, "produce", "--bootstrap-server", again)) {
                assertEquals(0, produce.waitFor(LIMIT), produce.stderr());
            }
            try (JarProcess tail = jar("tail", "--from-beginning", "--max-messages", "8", "--timeout-ms", "60000",
                    "--bootstrap-server", again)) {
                assertEquals(0, tail.waitFor(LIMIT), tail.stderr());
                List<String> lines = tail.stdout().lines().toList();
                assertEquals(8, lines.size(), "the 7 alerts kept across the restart, then only the marker's:\n"
                        + tail.stdout());
                assertTrue(lines.get(7).contains("foreign-workers-killed/tj-panj/2025-12-04"), lines.get(7));
            }
            run.terminate();
            assertEquals(0, run.waitFor(LIMIT), run.stderr());
        }
    }

    private static String bootstrapOf(String stderr) {
        Matcher m = Pattern.compile(" on (\\S+:\\d+); alerts to").matcher(stderr);
        assertTrue(m.find(), stderr);
        return m.group(1);
    }

    @Test
    void shouldReportAndSkipLinesThatAreNotJsonWhenProducing() throws Exception {
        String input = "{\"id\":\"ok-1\",\"x\":1}\nnot json at all\n{\"no_id\":true}\n";
        try (JarProcess p = JarProcess.start(Map.of(), input, "produce", "--topic", "cli-reports", "--key-field", "id",
                "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(1, p.waitFor(LIMIT), "skipped lines make the exit code 1");
            assertTrue(p.stderr().contains("line 2: not JSON"), p.stderr());
            assertTrue(p.stderr().contains("line 3: no 'id'"), p.stderr());
            assertTrue(p.stderr().contains("sent 1, skipped 2"), p.stderr());
        }
        try (JarProcess tail = jar("tail", "--topic", "cli-reports", "--from-beginning", "--timeout-ms", "3000",
                "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(0, tail.waitFor(LIMIT));
            assertEquals(List.of("{\"id\":\"ok-1\",\"x\":1}"), tail.stdout().lines().toList());
        }
    }

    @Test
    void shouldCreateTopicsAndLoadReferenceDataOnceWithSetup() throws Exception {
        try (JarProcess p = jar("setup", "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(0, p.waitFor(LIMIT), p.stderr());
            assertTrue(p.stderr().contains("reference records sent: 37"), p.stderr());
        }
        try (JarProcess p = jar("setup", "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(0, p.waitFor(LIMIT), p.stderr());
            assertTrue(p.stderr().contains("topics created: none (all exist)"), p.stderr());
            assertTrue(p.stderr().contains("reference records sent: 0"), "idempotent: " + p.stderr());
        }
    }

    @Test
    void shouldExitAfterTheTimeoutWhenNothingArrives() throws Exception {
        try (JarProcess tail = jar("tail", "--topic", "cli-empty", "--timeout-ms", "1000",
                "--bootstrap-server", broker.bootstrapServers())) {
            assertEquals(0, tail.waitFor(LIMIT), tail.stderr());
            assertEquals("", tail.stdout());
        }
    }

    @Test
    void shouldFailWithOneLineWhenTheBrokerIsUnreachable() throws Exception {
        String nowhere = "127.0.0.1:" + freePort();
        for (String[] args : List.of(
                new String[] {"produce", Fixtures.SEED_SCENARIO.toString(), "--connect-timeout", "3",
                        "--bootstrap-server", nowhere},
                new String[] {"run", "--bootstrap-server", nowhere, "--broker-timeout", "3",
                        "--data-dir", tmp.resolve("unreachable").toString()})) {
            try (JarProcess p = jar(args)) {
                assertEquals(1, p.waitFor(LIMIT), p.stderr());
                assertOneLineError(p, "cannot reach Kafka at " + nowhere);
            }
        }
    }

    @Test
    void shouldFailWithOneLineNamingTheFileForBadConfiguration() throws Exception {
        try (JarProcess p = jar("run", "--rules", "nope.yaml", "--data-dir", tmp.resolve("x").toString())) {
            assertEquals(1, p.waitFor(LIMIT));
            assertOneLineError(p, "nope.yaml", "rules file not found");
        }
        Path rules = tmp.resolve("bad-rules.yaml");
        Files.writeString(rules, Files.readString(Fixtures.RULES).replace("severity: Severe", "severity: Huge"));
        try (JarProcess p = jar("run", "--rules", rules.toString(), "--data-dir", tmp.resolve("x").toString())) {
            assertEquals(1, p.waitFor(LIMIT));
            assertOneLineError(p, rules.toString(), "id=cross-border-incursions", "severity", "'Huge'");
        }
        Path props = tmp.resolve("bad.properties");
        Files.writeString(props, "frontier.window.grace=7 days\n");
        try (JarProcess p = jar("run", "--config", props.toString(), "--data-dir", tmp.resolve("x").toString())) {
            assertEquals(1, p.waitFor(LIMIT));
            assertOneLineError(p, props.toString(), "frontier.window.grace");
        }
        Path refs = tmp.resolve("refs");
        Files.createDirectories(refs);
        for (String f : List.of("sites.jsonl", "nationalities.jsonl", "districts.jsonl")) {
            Files.copy(Fixtures.REFERENCE.resolve(f), refs.resolve(f));
        }
        // A valid first site (the loader checks each record as the topic path does), then a line that is not JSON.
        String validSite = Files.readAllLines(Fixtures.REFERENCE.resolve("sites.jsonl")).get(0);
        Files.writeString(refs.resolve("sites.jsonl"), validSite + "\n{broken\n");
        try (JarProcess p = jar("run", "--reference-dir", refs.toString(), "--data-dir", tmp.resolve("x").toString())) {
            assertEquals(1, p.waitFor(LIMIT));
            assertOneLineError(p, refs.resolve("sites.jsonl").toString(), "line 2");
        }
    }

    @Test
    void shouldFailWithOneLineWhenTheEmbeddedPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            try (JarProcess p = jar("run", "--embedded-port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", tmp.resolve("in-use").toString())) {
                assertEquals(1, p.waitFor(LIMIT));
                assertOneLineError(p, "port " + taken.getLocalPort(), "already in use");
            }
        }
    }
}
