package org.frontierwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--embedded-port", paramLabel = "N", defaultValue = "${env:FW_EMBEDDED_PORT:-0}",
            description = "Port of the embedded broker (0: any free port, printed at start). Default: ${DEFAULT-VALUE}.")
    int embeddedPort;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "${env:FW_METRICS_PORT:-0}",
            description = "Port of GET /metrics and /health (0: any free port, printed at start). Default: ${DEFAULT-VALUE}.")
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
        java.util.concurrent.atomic.AtomicReference<AlertPrinter> printing = new java.util.concurrent.atomic.AtomicReference<>();
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
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
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
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // not there, or going anyway: a demo's scratch data
            }
        }
    }

    /** Reads committed alerts (all, or only new ones) and prints each as one readable line ({@link AlertLine}). */
    static final class AlertPrinter implements Runnable {
        private final Properties props = new Properties();
        private final String topic;
        private final PrintStream out;
        private final boolean colour;
        private final boolean fromBeginning;
        private final java.util.Map<org.frontierwatch.model.MsgType, AtomicInteger> byType =
                new java.util.EnumMap<>(org.frontierwatch.model.MsgType.class);
        private final AtomicLong lastPrinted = new AtomicLong(System.nanoTime());
        private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);

        AlertPrinter(Properties client, String topic, PrintStream out, boolean colour, boolean fromBeginning) {
            this.props.putAll(client);
            this.props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            this.props.put(ConsumerConfig.CLIENT_ID_CONFIG, "frontier-watch-alert-printer");
            this.topic = topic;
            this.out = out;
            this.colour = colour;
            this.fromBeginning = fromBeginning;
            for (org.frontierwatch.model.MsgType t : org.frontierwatch.model.MsgType.values()) {
                byType.put(t, new AtomicInteger());
            }
        }

        @Override
        public void run() {
            JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
            try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    serde.deserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (running.get()) {
                    for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() != null) {
                            out.println(AlertLine.format(r.value(), colour));
                            byType.get(r.value().msgType()).incrementAndGet();
                            lastPrinted.set(System.nanoTime());
                        }
                    }
                    out.flush();
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("frontier-watch: alert reader stopped: " + e.getMessage());
                }
            } finally {
                assigned.countDown();
                finished.countDown();
            }
        }

        /** E.g. "6 Alert, 1 Update, 0 Cancel". */
        String byType() {
            return byType.entrySet().stream().map(e -> e.getValue().get() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        void awaitAssigned(Duration timeout) throws InterruptedException {
            assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Waits until at least one alert was printed and none for {@code quiet}, or until {@code max}. */
        void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                if (printed() > 0 && System.nanoTime() - lastPrinted.get() >= quiet.toNanos()) {
                    return;
                }
                Thread.sleep(50); // polling a condition with a deadline, not synchronising on time
            }
        }

        int printed() {
            return byType.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** Stops reading; true for the call that stopped it, so a summary is printed once. */
        boolean stop() {
            return running.getAndSet(false);
        }

        /** {@link #stop()}, then waits (at most 5 s) until the reader has closed its consumer: before the broker goes. */
        boolean stopAndAwait() {
            boolean first = stop();
            try {
                finished.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return first;
        }
    }
}
