package org.frontierwatch.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Everything a running processor exposes to operators: a Prometheus registry with JVM and process metrics, Kafka
 * Streams' own metrics (refreshed every {@link #STREAMS_METRICS_REFRESH}, not Micrometer's 60 s default), the
 * domain metrics of {@link PipelineMetrics}, and the HTTP endpoint serving them with {@code /health}.
 */
public final class ProcessorMetrics implements AutoCloseable {

    public static final Duration STREAMS_METRICS_REFRESH = Duration.ofSeconds(5);
    static final Duration BROKER_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics pipeline;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "frontier-watch-metrics");
        t.setDaemon(true);
        return t;
    });
    private KafkaStreamsMetrics streamsMetrics;
    private MetricsServer server;
    private Admin admin;
    private volatile boolean brokerReachable;
    private volatile Supplier<KafkaStreams> current;

    private ProcessorMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.pipeline = new PipelineMetrics(registry);
    }

    // Micrometer's binder of the same simple name as this class is named in full.
    @SuppressWarnings("checkstyle:inlineQualifiedName")
    public static ProcessorMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new PrometheusNaming()).namingConvention(new PrometheusNaming.ExportNames());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return new ProcessorMetrics(registry);
    }

    public PipelineMetrics pipeline() {
        return pipeline;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Binds the HTTP endpoint (port 0: a free port) before Kafka Streams exists, so that its address can be
     * Streams' {@code application.server}; {@code /health} says DOWN until {@link #serve} names the client.
     * Throws IllegalStateException with one line when it cannot bind.
     */
    public void bind(String address, int port) {
        if (server == null) {
            server = MetricsServer.start(address, port, registry, () -> {
                Supplier<KafkaStreams> streams = current;
                KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.get().state();
                boolean streamsOk = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
                return new MetricsServer.Health(streamsOk && brokerReachable, state.name(), brokerReachable);
            });
        }
    }

    /** Serves {@code handler} under {@code pathPrefix} on the bound endpoint (e.g. the query API). */
    public void handle(String pathPrefix, HttpHandler handler) {
        server.handle(pathPrefix, handler);
    }

    /** Binds Kafka Streams' metrics, starts the broker check and the HTTP endpoint (port 0: a free port). */
    public void serve(Supplier<KafkaStreams> current, Properties clientProps, String address, int port) {
        rebind(current.get());
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        admin = Admin.create(p);
        scheduler.scheduleWithFixedDelay(this::checkBroker, 0, BROKER_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        this.current = current;
        bind(address, port);
    }

    /** Points Kafka Streams' metrics at {@code streams} (a restarted client replaces the old one). */
    public synchronized void rebind(KafkaStreams streams) {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        // Its own refresher thread: closing a KafkaStreamsMetrics may shut down the executor it was given.
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "frontier-watch-streams-metrics");
            t.setDaemon(true);
            return t;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, STREAMS_METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
    }

    private void checkBroker() {
        try {
            brokerReachable = !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            brokerReachable = false;
        }
    }

    /** The port /metrics is served on, or -1 before {@link #serve}. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        scheduler.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
