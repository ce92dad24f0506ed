package org.frontierwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import java.time.Clock;
import org.apache.kafka.streams.state.HostInfo;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.alertmanager.AlertmanagerBridge;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.topology.StreamsAlertState;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
import org.frontierwatch.broker.DeadLetterProducer;
import org.frontierwatch.metrics.StateRestoreLog;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.metrics.ProcessorMetrics;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.topology.BoundedRocksDbMemory;
import org.frontierwatch.topology.FrontierWatchTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what {@code run} and {@code demo} run: an embedded broker when no bootstrap server is configured, the
 * topics, the reference data, and the Kafka Streams processor; closes them in reverse order.
 */
final class ProcessorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Everything {@code run} needs, resolved from options, environment and the properties file. */
    record Settings(AppConfig config, String bootstrap, String embeddedHost, int embeddedPort, Path dataDir,
                    Path stateDir, Path referenceDir, int partitions, Duration brokerTimeout,
                    String metricsAddress, int metricsPort) {

        Settings withStateDir(Path newStateDir) {
            return new Settings(config, bootstrap, embeddedHost, embeddedPort, dataDir, newStateDir, referenceDir,
                    partitions, brokerTimeout, metricsAddress, metricsPort);
        }

        Settings withConfig(AppConfig newConfig) {
            return new Settings(newConfig, bootstrap, embeddedHost, embeddedPort, dataDir, stateDir, referenceDir,
                    partitions, brokerTimeout, metricsAddress, metricsPort);
        }
    }

    /** A client that died (ERROR) is rebuilt and restarted at most this many times per {@link #RESTART_WINDOW}. */
    static final int MAX_RESTARTS = 5;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private final EmbeddedKafkaBroker broker;
    private volatile KafkaStreams streams;
    private java.util.function.Supplier<KafkaStreams> streamsFactory;
    private final java.util.Deque<Long> restarts = new java.util.ArrayDeque<>();
    /** Clients being replaced: their last state changes (closing after ERROR) say nothing about the runner. */
    private final java.util.Set<KafkaStreams> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * A client that stays in REBALANCING this long without any restore progress is replaced, as if it had failed.
     * Seen under broker bounces with Kafka 4.4: after a fenced producer's tasks were closed dirty, the restoration
     * of some changelog partitions stopped for good, silently, leaving their tasks unprocessed (root cause not
     * found; a new client restores them at once). A long but progressing restore is not a stall.
     */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);

    private final java.util.concurrent.ScheduledExecutorService supervisor =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "frontier-watch-supervisor");
                t.setDaemon(true);
                return t;
            });
    private volatile StateRestoreLog restoreLog;
    private StreamThreadFailures threadFailures;
    private volatile long rebalancingSinceNanos = -1;
    private final String bootstrapServers;
    private final Properties clientProps;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;
    private volatile boolean closed;

    private final ProcessorMetrics observability;
    private DeadLetterProducer deadLetters;
    private AlertmanagerBridge alertmanager;

    private ProcessorRunner(EmbeddedKafkaBroker broker, KafkaStreams streams, String bootstrapServers,
                            Properties clientProps, ProcessorMetrics observability) {
        this.broker = broker;
        this.streams = streams;
        this.bootstrapServers = bootstrapServers;
        this.clientProps = clientProps;
        this.observability = observability;
    }

    /** Starts everything, with metrics recorded into a fresh Prometheus registry and served per the settings. */
    static ProcessorRunner start(Settings s) {
        return start(s, ProcessorMetrics.create());
    }

    static ProcessorRunner start(Settings s, ProcessorMetrics observability) {
        PipelineMetrics metrics = observability.pipeline();
        metrics.registerKnownLabels(s.config().rules());
        if (s.referenceDir() != null) {
            ReferenceLoader.read(s.referenceDir()); // a broken reference file stops start-up before anything runs
        }
        EmbeddedKafkaBroker broker = null;
        DeadLetterProducer deadLetters = null;
        try {
            Properties kafka = new Properties();
            kafka.putAll(s.config().kafka());
            String bootstrap = s.bootstrap() != null ? s.bootstrap() : kafka.getProperty("bootstrap.servers");
            if (bootstrap == null || bootstrap.isBlank()) {
                broker = EmbeddedKafkaBroker.start(s.dataDir().resolve("kafka"), s.embeddedHost(), s.embeddedPort());
                bootstrap = broker.bootstrapServers();
                LOG.info("Embedded Kafka broker (KRaft) listening on {}, data in {}", bootstrap, s.dataDir());
            }
            kafka.setProperty("bootstrap.servers", bootstrap);
            KafkaChecks.requireReachable(kafka, s.brokerTimeout());
            Properties clientProps = ClientSettings.forClients(kafka);
            createTopics(s, clientProps);
            if (s.referenceDir() != null) {
                ReferenceLoader.Loaded loaded = ReferenceLoader.upsert(s.referenceDir(), s.config().topics(),
                        clientProps, s.brokerTimeout());
                LOG.info("Reference data from {}: {} record(s) changed", s.referenceDir(), loaded.sent());
            }
            // The HTTP endpoint first: its address is this instance's application.server, which the query API
            // uses to reach the instances holding the other partitions.
            try {
                observability.bind(s.metricsAddress(), s.metricsPort());
            } catch (IllegalStateException e) {
                throw new CliException(e.getMessage(), e);
            }
            HostInfo self = applicationServer(kafka, s.metricsAddress(), observability.port());
            kafka.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            Properties streamsProps = streamsProperties(kafka, s.stateDir());
            BoundedRocksDbMemory.setTotalBytes(s.config().rocksDbMemoryBytes());
            LOG.info("Consumer group {}: {}, session.timeout.ms={}", streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG),
                    streamsProps.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                            ? "static member " + streamsProps.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                            : "dynamic membership", streamsProps.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
            deadLetters = new DeadLetterProducer(clientProps, metrics);
            DeadLetterProducer referenceDeadLetters = deadLetters;
            // The topology factory is pure, so a replacement client gets a topology of its own.
            java.util.function.Supplier<KafkaStreams> factory = () -> new KafkaStreams(
                    FrontierWatchTopology.build(s.config(), FrontierSerdes.standard(), metrics, referenceDeadLetters),
                    streamsProps);
            KafkaStreams streams = factory.get();
            ProcessorRunner runner = new ProcessorRunner(broker, streams, bootstrap, clientProps, observability);
            runner.threadFailures = new StreamThreadFailures(metrics);
            runner.deadLetters = referenceDeadLetters;
            runner.streamsFactory = factory;
            runner.watch(streams);
            streams.start();
            runner.supervisor.scheduleWithFixedDelay(() -> {
                try {
                    runner.checkForStall();
                } catch (RuntimeException e) {
                    LOG.warn("Stall check failed: {}", e.toString()); // and keep checking
                }
            }, 10, 10, TimeUnit.SECONDS);
            AlertmanagerSettings am = s.config().alertmanager();
            if (am.enabled()) {
                Duration longestLifetime = s.config().rules().stream().map(Rule::expiresAfter)
                        .filter(java.util.Objects::nonNull).max(Duration::compareTo).orElse(Duration.ofDays(7));
                runner.alertmanager = AlertmanagerBridge.start(am, clientProps,
                        streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-alertmanager",
                        s.config().topics().alerts(), longestLifetime, observability.registry());
            }
            ApiHandler api = new ApiHandler(new StreamsAlertState(() -> runner.streams, self),
                    new CapXmlWriter(s.config().cap()), s.config().cap().senderName(), s.config().apiToken(),
                    Clock.systemUTC());
            observability.handle("/api/", api);
            observability.handle("/cap/", api);
            try {
                observability.serve(() -> runner.streams, clientProps, s.metricsAddress(), s.metricsPort());
            } catch (IllegalStateException e) {
                runner.close();
                throw new CliException(e.getMessage(), e);
            }
            return runner;
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(deadLetters);
            closeQuietly(broker);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new CliException("Kafka setup failed: " + cause.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(deadLetters);
            closeQuietly(broker);
            Thread.currentThread().interrupt();
            throw new CliException("interrupted during start-up", e);
        } catch (RuntimeException e) {
            observability.close();
            closeQuietly(deadLetters);
            closeQuietly(broker);
            throw e;
        }
    }

    private void watch(KafkaStreams instance) {
        StateRestoreLog log = new StateRestoreLog(observability.pipeline());
        restoreLog = log;
        instance.setGlobalStateRestoreListener(log);
        instance.setUncaughtExceptionHandler(threadFailures);
        instance.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (retired.contains(instance)) {
                return;
            }
            lastState = now;
            rebalancingSinceNanos = now == KafkaStreams.State.REBALANCING ? System.nanoTime() : -1;
            if (now == KafkaStreams.State.ERROR && !closed) {
                supervisor.execute(() -> replace(instance, "stopped in ERROR"));
            } else if (now == KafkaStreams.State.NOT_RUNNING && !closed && instance == streams) {
                stopped.countDown();
            }
        });
    }

    /**
     * A client in ERROR cannot be revived (a dead global thread, for one, is never replaced), but a new client on
     * the same state directory and application id resumes from the committed offsets, exactly-once. Bounded: after
     * {@link #MAX_RESTARTS} restarts in {@link #RESTART_WINDOW} the runner gives up and reports the failure.
     */
    /** Runs every 10 s on the supervisor: replaces a client whose rebalancing has stalled (see STALL_TIMEOUT). */
    private void checkForStall() {
        KafkaStreams current = streams;
        long since = rebalancingSinceNanos;
        StateRestoreLog log = restoreLog;
        long now = System.nanoTime();
        if (closed || since < 0 || current.state() != KafkaStreams.State.REBALANCING || log == null) {
            return;
        }
        long stall = STALL_TIMEOUT.toNanos();
        if (now - since > stall && now - log.lastActivityNanos() > stall) {
            LOG.error("Kafka Streams has been rebalancing for {} s without any restore progress; replacing the client",
                    (now - since) / 1_000_000_000L);
            replace(current, "stalled while rebalancing");
        }
    }

    private synchronized void replace(KafkaStreams failed, String why) {
        if (closed || failed != streams) {
            return;
        }
        long now = System.nanoTime();
        while (!restarts.isEmpty() && now - restarts.peekFirst() > RESTART_WINDOW.toNanos()) {
            restarts.pollFirst();
        }
        if (restarts.size() >= MAX_RESTARTS) {
            LOG.error("Kafka Streams failed {} times within {}; giving up", MAX_RESTARTS, RESTART_WINDOW);
            stopped.countDown();
            return;
        }
        retired.add(failed);
        failed.close(CLOSE_TIMEOUT);
        restarts.addLast(now);
        LOG.warn("Kafka Streams {}; starting a new client (restart {} of at most {} per {})", why,
                restarts.size(), MAX_RESTARTS, RESTART_WINDOW);
        KafkaStreams replacement = streamsFactory.get();
        watch(replacement);
        streams = replacement;
        observability.rebind(replacement);
        replacement.start();
    }

    /**
     * This instance's {@code application.server}: as configured, else the HTTP endpoint's address and port (the
     * host name when it binds every interface).
     */
    static HostInfo applicationServer(Properties kafka, String bindAddress, int port) {
        String configured = kafka.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (configured != null && !configured.isBlank()) {
            int colon = configured.lastIndexOf(':');
            try {
                return new HostInfo(configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new CliException("application.server '" + configured + "' is not host:port");
            }
        }
        String host = bindAddress;
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return new HostInfo(host, port);
    }

    static Properties streamsProperties(Properties kafka, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "frontier-watch");
        // Alerts decide evacuations: a lost or duplicated alert is a real failure, so exactly-once by default.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Run the global thread's processors under the processing exception handler, as Kafka 5.0 will by default.
        // No handler of our own is set, deliberately: the global-store updaters dead-letter bad reference records
        // themselves and never throw on data, and on the stream threads Kafka's default (log and fail) is what an
        // exactly-once alerting pipeline wants: a failure is replaced and retried (StreamThreadFailures), where
        // "continue" would drop a report and its alerts without a trace.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Kafka 4.4's partition assignor re-reads the main consumer's configs as a StreamsConfig (AssignorConfiguration)
        // and warns that the setting above is off, because the consumer's configs carry only consumer keys. Pass it
        // to the main consumer too, so that copy agrees with the real one.
        p.put(StreamsConfig.MAIN_CONSUMER_PREFIX + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // One bound on the off-heap memory of all RocksDB stores (frontier.state.rocksdb-memory-mb).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        // Recovery defaults (README, Recovery settings). A dead member's partitions wait out its session timeout:
        // Kafka's 45 s (KIP-735, Kafka 3.0) becomes 10 s, Kafka's own default before 3.0, with its 3 s heartbeat.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
        // A survivor cannot start a dead member's tasks while that member's last transaction is open (its offset
        // commit is pending); the broker aborts it once it is older than transaction.timeout.ms, at its next check
        // (every 10 s by default). Streams' 10 s made takeovers take 12-18 s (measured); 5 s keeps them under 20 s.
        // Our transactions last one commit interval (100 ms), so 5 s is still ample.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        p.putAll(kafka);
        if (stateDir != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        // Static membership by default: a restart on the same state directory rejoins as the same member and gets
        // its tasks back at once, instead of waiting for the coordinator to expire the dead member. An explicit
        // group.instance.id wins; an empty one means dynamic membership.
        String instance = p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instance == null && p.getProperty(StreamsConfig.STATE_DIR_CONFIG) != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    InstanceId.forStateDir(Path.of(p.getProperty(StreamsConfig.STATE_DIR_CONFIG))));
        } else if (instance != null && instance.isBlank()) {
            p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return p;
    }

    static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
    static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;

    private static void createTopics(Settings s, Properties clientProps)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProps)) {
            List<String> created = TopicSetup.createMissing(admin, s.config().topics(), s.partitions(), s.brokerTimeout());
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
        }
    }

    ProcessorMetrics metrics() {
        return observability;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Properties clientProperties() {
        return clientProps;
    }

    KafkaStreams.State state() {
        return lastState;
    }

    /** Waits until Streams is RUNNING; false when it stopped or the time ran out first. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State st = streams.state();
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
        return lastState == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        supervisor.shutdownNow();
        if (alertmanager != null) {
            alertmanager.close();
        }
        observability.close();
        try {
            // Leave the group on a clean stop: a restart (or another instance) takes the partitions over at once
            // instead of waiting out the session timeout of a member that is gone.
            streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } finally {
            closeQuietly(deadLetters);
            closeQuietly(broker);
            stopped.countDown();
        }
    }

    private static void closeQuietly(DeadLetterProducer producer) {
        if (producer != null) {
            try {
                producer.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the dead-letter producer failed: {}", e.getMessage());
            }
        }
    }

    private static void closeQuietly(EmbeddedKafkaBroker broker) {
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the embedded broker failed: {}", e.getMessage());
            }
        }
    }
}
