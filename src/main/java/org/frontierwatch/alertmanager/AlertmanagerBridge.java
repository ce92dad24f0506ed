package org.frontierwatch.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.frontierwatch.metrics.AlertmanagerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the active alerts of the {@code alerts} topic to Prometheus Alertmanager: one reader thread follows the
 * topic into a {@link BridgeView}, one sender thread per Alertmanager keeps it in step. It shares nothing with the
 * Kafka Streams processor but the topic, so Alertmanager being down, slow or refusing cannot slow or stop processing.
 */
public final class AlertmanagerBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerBridge.class);

    private final BridgeView view;
    private final AlertsTopicReader reader;
    private final List<AlertmanagerSender> senders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private AlertmanagerBridge(BridgeView view, AlertsTopicReader reader) {
        this.view = view;
        this.reader = reader;
    }

    /**
     * Starts the bridge. {@code longestAlertLifetime} is the longest {@code expires_after} of the rules: no message
     * sent longer ago than that (plus the resolved retention) can still matter to Alertmanager.
     */
    public static AlertmanagerBridge start(AlertmanagerSettings settings, Properties clientProps, String groupId,
                                           String alertsTopic, Duration longestAlertLifetime, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        BridgeView view = new BridgeView(settings);
        AlertmanagerMetrics metrics = new AlertmanagerMetrics(registry, settings.urls(), AlertmanagerClient.REASONS,
                view, v -> v.firing(clock.instant()));
        Duration lookback = longestAlertLifetime.plus(settings.resolvedRetention());
        AlertsTopicReader reader = new AlertsTopicReader(clientProps, groupId, alertsTopic, view, lookback, metrics,
                clock);
        AlertmanagerBridge bridge = new AlertmanagerBridge(view, reader);
        bridge.threads.add(daemon(reader, "frontier-watch-alertmanager-reader"));
        int i = 0;
        for (URI url : settings.urls()) {
            AlertmanagerSender sender = new AlertmanagerSender(url, view, settings, metrics, clock);
            bridge.senders.add(sender);
            bridge.threads.add(daemon(sender, "frontier-watch-alertmanager-" + i++));
        }
        bridge.threads.forEach(Thread::start);
        LOG.info("Alertmanager bridge: {} -> {} (resend every {}, consumer group {})", alertsTopic,
                settings.urls().stream().map(AlertmanagerSettings::alertsEndpoint).toList(), settings.resendInterval(),
                groupId);
        return bridge;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops reading and sending. Alertmanager keeps the alerts until their endsAt; a restart re-sends them. */
    @Override
    public void close() {
        reader.stop();
        senders.forEach(AlertmanagerSender::stop);
        view.wakeAll();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
