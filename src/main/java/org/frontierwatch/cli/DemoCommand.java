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
        description = "Run everything on an embedded broker (data in a fresh temporary directory unless --data-dir is given), replay the seed scenario and print the alerts.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ProcessorOptions options;

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
        if (!Files.isRegularFile(scenario)) {
            throw new CliException(scenario + ": scenario file not found");
        }
        List<String> reports = Files.readAllLines(scenario, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        boolean tempData = !spec.commandLine().getParseResult().hasMatchedOption("--data-dir")
                && System.getenv("FW_DATA_DIR") == null;
        if (tempData) {
            // A demo starts from scratch each time unless told where to keep its data.
            options.dataDir = Files.createTempDirectory("frontier-watch-demo");
        }
        PrintStream out = System.out;
        ProcessorRunner.Settings settings = options.settings(embeddedPort, metricsPort, System.getenv());
        if (settings.bootstrap() != null) {
            out.println("frontier-watch demo: using Kafka at " + settings.bootstrap());
        }
        try (ProcessorRunner runner = ProcessorRunner.start(settings);
             Shutdown shutdown = Shutdown.onSignal(() -> {
                 runner.close();
                 deleteQuietly(tempData ? options.dataDir : null);
             })) {
            PipelineMetrics metrics = runner.metrics().pipeline();
            out.println("frontier-watch demo: Kafka on " + runner.bootstrapServers() + ", data in " + options.dataDir
                    + ", metrics on http://" + settings.metricsAddress() + ":" + runner.metrics().port() + "/metrics");
            if (!runner.awaitRunning(Duration.ofSeconds(120))) {
                throw new CliException("the processor did not reach RUNNING (state " + runner.state() + ")");
            }
            AlertPrinter printer = new AlertPrinter(runner.clientProperties(), settings.config().topics().alerts(), out);
            Thread printing = new Thread(printer, "frontier-watch-demo-alerts");
            printing.setDaemon(true);
            printing.start();
            printer.awaitAssigned(Duration.ofSeconds(30));
            replay(runner.clientProperties(), settings.config().topics().incidentReports(), reports);
            out.println("frontier-watch demo: replayed " + reports.size() + " reports from " + scenario
                    + (exitAfterReplay ? "" : "; Ctrl-C stops"));
            if (!exitAfterReplay) {
                runner.awaitStop();
                printer.stop();
                return runner.failed() ? 1 : 0;
            }
            printer.awaitQuiet(Duration.ofMillis(quietMs), Duration.ofSeconds(120));
            printer.stop();
            printing.join(5000);
            out.printf("frontier-watch demo: %d alert message(s); reports received %.0f, accepted %.0f, "
                            + "duplicates %.0f, dead-lettered %.0f%n", printer.printed(),
                    metrics.count("frontierwatch.reports.received"), sum(metrics, "frontierwatch.reports.accepted"),
                    metrics.count("frontierwatch.reports.duplicate"), sum(metrics, "frontierwatch.reports.dead.lettered"));
            shutdown.close();
            runner.close();
            deleteQuietly(tempData ? options.dataDir : null);
            return printer.printed() > 0 ? 0 : 1;
        }
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

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir: the OS cleans up what is left
        }
    }

    /** Reads committed alerts and prints each as one readable line. */
    static final class AlertPrinter implements Runnable {
        private final Properties props = new Properties();
        private final String topic;
        private final PrintStream out;
        private final AtomicInteger printed = new AtomicInteger();
        private final AtomicLong lastPrinted = new AtomicLong(System.nanoTime());
        private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean running = true;

        AlertPrinter(Properties client, String topic, PrintStream out) {
            this.props.putAll(client);
            this.props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            this.topic = topic;
            this.out = out;
        }

        @Override
        public void run() {
            JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
            try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    serde.deserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (running) {
                    for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() != null) {
                            out.println(describe(r.value()));
                            printed.incrementAndGet();
                            lastPrinted.set(System.nanoTime());
                        }
                    }
                    out.flush();
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("frontier-watch demo: alert reader stopped: " + e.getMessage());
                }
            } finally {
                assigned.countDown();
            }
        }

        static String describe(Alert a) {
            String sites = a.affectedSites().isEmpty() ? "no listed site"
                    : a.affectedSites().stream().map(Alert.AffectedSite::name).collect(java.util.stream.Collectors.joining("; "));
            return String.format("%-6s %-8s %-8s %s%n       %s%n       sites: %s", a.msgType().name().toUpperCase(),
                    a.severity(), a.response(), a.key(), a.headline(), sites);
        }

        void awaitAssigned(Duration timeout) throws InterruptedException {
            assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Waits until at least one alert was printed and none for {@code quiet}, or until {@code max}. */
        void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                if (printed.get() > 0 && System.nanoTime() - lastPrinted.get() >= quiet.toNanos()) {
                    return;
                }
                Thread.sleep(50); // polling a condition with a deadline, not synchronising on time
            }
        }

        int printed() {
            return printed.get();
        }

        void stop() {
            running = false;
        }
    }
}
