package org.frontierwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.broker.FreshTopicProducers;
import org.frontierwatch.metrics.PipelineMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: an embedded broker, the processor, the seed scenario replayed, and every alert printed as a
 * readable line as it fires. Stays up until Ctrl-C, or exits after the replay with {@code --exit}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything on an embedded broker (data in a fresh data/demo-* directory unless --data-dir "
                + "is given), replay the seed scenario and print the alerts; the full log goes to "
                + ConsoleLog.LOG_FILE_NAME + " in the data directory.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ProcessorOptions options;

    @Mixin
    LogOptions log;

    @Spec
    CommandSpec spec;

    @Option(names = "--embedded-port", paramLabel = "N", defaultValue = "${env:FW_EMBEDDED_PORT:-0}",
            description = "Port of the embedded broker (0: any free port, printed at start). "
                    + "Default: ${DEFAULT-VALUE}.")
    int embeddedPort;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "${env:FW_METRICS_PORT:-0}",
            description = "Port of GET /metrics and /health (0: any free port, printed at start). "
                    + "Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--scenario", paramLabel = "FILE",
            defaultValue = "config/scenarios/tajik-afghan-border-2025.jsonl",
            description = "Reports to replay, one JSON object per line. Default: ${DEFAULT-VALUE}.")
    Path scenario;

    @Option(names = "--exit", description = "Exit once the replay's alerts have been printed.")
    boolean exitAfterReplay;

    @Option(names = "--quiet-ms", paramLabel = "N", defaultValue = "4000",
            description = "With --exit: how long no new alert must arrive before the replay counts as done. "
                    + "Default: ${DEFAULT-VALUE}.")
    long quietMs;

    @Override
    public Integer call() throws Exception {
        ConsoleLog.checkLevel(log.level);
        if (!Files.isRegularFile(scenario)) {
            throw new CliException(scenario + ": scenario file not found");
        }
        List<String> reports = Files.readAllLines(scenario, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        boolean tempData = !spec.commandLine().getParseResult().hasMatchedOption("--data-dir")
                && System.getenv("FW_DATA_DIR") == null;
        if (tempData) {
            // A demo starts from scratch each time unless told where to keep its data: a fresh directory under
            // ./data, not the OS temp directory, which the OS may clean under a running Kafka Streams state store.
            Path parent = Files.createDirectories(Path.of("data"));
            options.dataDir = Files.createTempDirectory(parent, "demo-");
        }
        PrintStream out = System.out;
        // Before anything logs: the log goes to a file, so the console shows the alerts.
        Path logFile = ConsoleLog.toFile(options.dataDir.resolve(ConsoleLog.LOG_FILE_NAME), log.verbose, log.level);
        boolean colour = ConsoleLog.colour(System.getenv());
        out.println("frontier-watch demo: data in " + options.dataDir + ", full log in " + logFile);
        ProcessorRunner.Settings settings = options.settings(embeddedPort, metricsPort, System.getenv());
        if (settings.bootstrap() != null) {
            out.println("frontier-watch demo: using Kafka at " + settings.bootstrap());
        }
        AtomicReference<AlertPrinter> printing = new AtomicReference<>();
        try (ProcessorRunner runner = ProcessorRunner.start(settings);
             Shutdown shutdown = Shutdown.onSignal(() -> {
                 AlertPrinter p = printing.get();
                 boolean first = p != null && p.stopAndAwait();
                 runner.close();
                 if (first) {
                     out.println(summary(p, runner.metrics().pipeline(), logFile));
                 }
                 deleteData(tempData ? options.dataDir : null);
             })) {
            PipelineMetrics metrics = runner.metrics().pipeline();
            out.println("frontier-watch demo: Kafka broker on " + runner.bootstrapServers() + " (watch with: tail "
                    + "--bootstrap-server " + runner.bootstrapServers() + " --format text), metrics on http://"
                    + settings.metricsAddress() + ":" + runner.metrics().port() + "/metrics");
            out.println("frontier-watch demo: operator console on http://" + settings.metricsAddress() + ":"
                    + runner.metrics().port() + "/console/");
            if (!runner.awaitRunning(Duration.ofSeconds(120))) {
                throw new CliException("the processor did not reach RUNNING (state " + runner.state() + ")");
            }
            AlertPrinter printer = new AlertPrinter(runner.clientProperties(), settings.config().topics().alerts(), out,
                    colour, true);
            printing.set(printer);
            Thread printerThread = new Thread(printer, "frontier-watch-demo-alerts");
            printerThread.setDaemon(true);
            printerThread.start();
            printer.awaitAssigned(Duration.ofSeconds(30));
            replay(runner.clientProperties(), settings.config().topics().incidentReports(), reports);
            out.println("frontier-watch demo: replayed " + reports.size() + " reports from " + scenario
                    + (exitAfterReplay ? "" : "; Ctrl-C stops"));
            if (!exitAfterReplay) {
                runner.awaitStop();
                if (printer.stop()) {
                    out.println(summary(printer, metrics, logFile));
                }
                return runner.failed() ? 1 : 0;
            }
            printer.awaitQuiet(Duration.ofMillis(quietMs), Duration.ofSeconds(120));
            printer.stop();
            printerThread.join(5000);
            out.println(summary(printer, metrics, logFile));
            shutdown.close();
            runner.close();
            deleteData(tempData ? options.dataDir : null);
            return printer.printed() > 0 ? 0 : 1;
        }
    }

    /** The closing line: what was printed, by message type, and what the processor counted. */
    static String summary(AlertPrinter printer, PipelineMetrics metrics, Path logFile) {
        return String.format("frontier-watch: %d alert message(s) (%s); reports received %.0f, accepted %.0f, "
                        + "duplicates %.0f, dead-lettered %.0f; full log in %s", printer.printed(), printer.byType(),
                metrics.count("frontierwatch.reports.received"), sum(metrics, "frontierwatch.reports.accepted"),
                metrics.count("frontierwatch.reports.duplicate"), sum(metrics, "frontierwatch.reports.dead.lettered"),
                logFile);
    }

    private static double sum(PipelineMetrics m, String name) {
        return m.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void replay(Properties client, String topic, List<String> reports) throws Exception {
        Properties p = FreshTopicProducers.settings(client);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String line : reports) {
                String key = ProduceCommand.keyOf(line, "id", 0, System.err);
                if (key == null) {
                    continue;
                }
                // One at a time, acknowledged, so the alerts fire in the story's order.
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        line.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** Deletes a demo's broker data and state, keeping its log file for reading afterwards. */
    private static void deleteData(Path dir) {
        if (dir == null) {
            return;
        }
        for (String sub : new String[] {"kafka", "state"}) {
            try (var files = Files.walk(dir.resolve(sub))) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // not there, or going anyway: a demo's scratch data
            }
        }
    }
}
