package org.frontierwatch.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.alertmanager.AlertmanagerBridge;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.broker.DeadLetterProducer;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.metrics.ProcessorMetrics;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.topology.BoundedRocksDbMemory;
import org.frontierwatch.topology.FrontierWatchTopology;
import org.frontierwatch.topology.StreamsAlertState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's lifecycle, for {@code run} and {@code demo}: consumes the {@link Settings}; starts Kafka
 * ({@link KafkaSetup}), the HTTP endpoint (metrics, health, query API, console), the supervised Kafka Streams client
 * ({@link StreamsSupervisor}) and the Alertmanager bridge; waits until Streams stops for good; closes all of it in
 * reverse order.
 */
final class ProcessorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    /**
     * Everything {@code run} needs, resolved from options, environment and the properties file; {@code rulesFile} is
     * the file {@code config}'s rules were read from, published when the rules topic is empty.
     */
    record Settings(AppConfig config, String bootstrap, String embeddedHost, int embeddedPort, Path dataDir,
                    Path stateDir, Path referenceDir, int partitions, Duration brokerTimeout,
                    String metricsAddress, int metricsPort, Path rulesFile) {

        Settings withStateDir(Path newStateDir) {
            return new Settings(config, bootstrap, embeddedHost, embeddedPort, dataDir, newStateDir, referenceDir,
                    partitions, brokerTimeout, metricsAddress, metricsPort, rulesFile);
        }

        Settings withReferenceDir(Path newReferenceDir) {
            return new Settings(config, bootstrap, embeddedHost, embeddedPort, dataDir, stateDir, newReferenceDir,
                    partitions, brokerTimeout, metricsAddress, metricsPort, rulesFile);
        }

        Settings withConfig(AppConfig newConfig) {
            return new Settings(newConfig, bootstrap, embeddedHost, embeddedPort, dataDir, stateDir, referenceDir,
                    partitions, brokerTimeout, metricsAddress, metricsPort, rulesFile);
        }
    }

    private final KafkaSetup kafka;
    private final StreamsSupervisor streams;
    private final ProcessorMetrics observability;
    /** Counted down when Streams stopped for good (by itself, or out of restarts) or the runner closed. */
    private final CountDownLatch stopped;
    private AlertmanagerBridge alertmanager;
    private ConsoleServices console;
    private boolean closed;

    private ProcessorRunner(KafkaSetup kafka, StreamsSupervisor streams, ProcessorMetrics observability,
                            CountDownLatch stopped) {
        this.kafka = kafka;
        this.streams = streams;
        this.observability = observability;
        this.stopped = stopped;
    }

    /** Starts everything, with metrics recorded into a fresh Prometheus registry and served per the settings. */
    static ProcessorRunner start(Settings s) {
        return start(s, ProcessorMetrics.create());
    }

    static ProcessorRunner start(Settings settings, ProcessorMetrics observability) {
        PipelineMetrics metrics = observability.pipeline();
        if (settings.referenceDir() != null) {
            // A broken reference file stops start-up before anything runs.
            ReferenceLoader.read(settings.referenceDir());
        }
        KafkaSetup kafka = null;
        ProcessorRunner runner = null;
        try {
            kafka = KafkaSetup.prepare(settings, metrics);
            // The rules in force are the rules topic's (seeded from the rules file when it was empty).
            Settings s = settings.withConfig(settings.config().withRules(kafka.rules()));
            metrics.registerKnownLabels(s.config().rules());
            Properties kafkaProps = kafka.kafkaProperties();
            HostInfo self = bindHttp(s, observability, kafkaProps);
            Properties streamsProps = StreamsProperties.of(kafkaProps, s.stateDir());
            BoundedRocksDbMemory.setTotalBytes(s.config().rocksDbMemoryBytes());
            logMembership(streamsProps);
            DeadLetterProducer deadLetters = kafka.deadLetters();
            int intakePartitions = kafka.intakePartitions();
            // The topology factory is pure, so a replacement client gets a topology of its own. The client hides one
            // Kafka 4.4 gauge that crashes the JVM when read during a rebalance (MetricsSafeKafkaStreams).
            Supplier<KafkaStreams> factory = () -> new MetricsSafeKafkaStreams(
                    FrontierWatchTopology.build(s.config(), FrontierSerdes.standard(), metrics, deadLetters,
                            intakePartitions),
                    streamsProps);
            CountDownLatch stopped = new CountDownLatch(1);
            StreamsSupervisor supervisor = new StreamsSupervisor(factory, new StreamThreadFailures(metrics),
                    new RestartBudget(StreamsSupervisor.MAX_RESTARTS, StreamsSupervisor.RESTART_WINDOW), metrics,
                    observability::rebind, stopped::countDown);
            runner = new ProcessorRunner(kafka, supervisor, observability, stopped);
            supervisor.start();
            runner.alertmanager = startAlertmanager(s, kafka.clientProperties(), streamsProps, observability);
            runner.console = serve(s, observability, supervisor, kafka.clientProperties(), self);
            return runner;
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            } else {
                observability.close();
                if (kafka != null) {
                    kafka.close();
                }
            }
            throw e;
        }
    }

    /**
     * Binds the HTTP endpoint before Streams exists: its address is this instance's application.server (set in
     * {@code kafka}), which the query API uses to reach the instances holding the other partitions.
     */
    private static HostInfo bindHttp(Settings s, ProcessorMetrics observability, Properties kafka) {
        try {
            observability.bind(s.metricsAddress(), s.metricsPort());
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), e);
        }
        HostInfo self = StreamsProperties.applicationServer(kafka, s.metricsAddress(), observability.port());
        kafka.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        return self;
    }

    private static void logMembership(Properties streamsProps) {
        LOG.info("Consumer group {}: {}, session.timeout.ms={}", streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG),
                streamsProps.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                        ? "static member " + streamsProps.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                        : "dynamic membership", streamsProps.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    }

    /** The Alertmanager bridge when configured, else null. */
    private static AlertmanagerBridge startAlertmanager(Settings s, Properties clientProps, Properties streamsProps,
                                                        ProcessorMetrics observability) {
        AlertmanagerSettings am = s.config().alertmanager();
        if (!am.enabled()) {
            return null;
        }
        Duration longestLifetime = s.config().rules().stream().map(Rule::expiresAfter)
                .filter(Objects::nonNull).max(Duration::compareTo).orElse(Duration.ofDays(7));
        return AlertmanagerBridge.start(am, clientProps,
                streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-alertmanager",
                s.config().topics().alerts(), longestLifetime, observability.registry());
    }

    /**
     * The query API, CAP documents and the operator console on the bound endpoint, then metrics and health of the
     * current client.
     */
    private static ConsoleServices serve(Settings s, ProcessorMetrics observability, StreamsSupervisor supervisor,
                              Properties clientProps, HostInfo self) {
        Acknowledgements acks = new Acknowledgements();
        ApiHandler api = new ApiHandler(new StreamsAlertState(supervisor::current, self),
                new CapXmlWriter(s.config().cap()), s.config().cap().senderName(), s.config().apiToken(),
                Clock.systemUTC(), acks::annotate);
        observability.handle("/api/", api);
        observability.handle("/cap/", api);
        ConsoleServices console = ConsoleServices.start(s.config(), clientProps, api, acks,
                observability, () -> supervisor.current().state() == KafkaStreams.State.RUNNING);
        try {
            observability.serve(supervisor::current, clientProps, s.metricsAddress(), s.metricsPort());
        } catch (IllegalStateException e) {
            console.close();
            throw new CliException(e.getMessage(), e);
        }
        return console;
    }

    ProcessorMetrics metrics() {
        return observability;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Properties clientProperties() {
        return kafka.clientProperties();
    }

    KafkaStreams.State state() {
        return streams.lastState();
    }

    /** Waits until Streams is RUNNING; false when it stopped or the time ran out first. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State st = streams.current().state();
            if (st == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (st == KafkaStreams.State.ERROR || st == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            stopped.await(100, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** Blocks until Streams stops by itself (ERROR or NOT_RUNNING) or the runner is closed. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    boolean failed() {
        return streams.failed();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        streams.stop(); // first: what follows is no failure to answer with a new client
        if (alertmanager != null) {
            alertmanager.close();
        }
        try {
            if (console != null) {
                console.close();
            }
        } finally {
            observability.close();
        }
        try {
            streams.close();
        } finally {
            kafka.close();
            stopped.countDown();
        }
    }
}
