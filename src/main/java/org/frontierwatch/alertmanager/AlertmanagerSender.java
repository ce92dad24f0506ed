package org.frontierwatch.alertmanager;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.metrics.AlertmanagerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Alertmanager in step with a {@link BridgeView}, on a thread of its own so that a slow or dead
 * Alertmanager delays nobody else: changes are posted as they happen (a few hundred milliseconds batched), and
 * every alert, firing or recently resolved, is re-sent each resend interval, which is what restores Alertmanager's
 * view after it restarted (it keeps no alerts on disk by default). A failed post is retried with exponential
 * backoff (1 s doubling up to the resend interval), and the retry sends everything.
 */
public final class AlertmanagerSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSender.class);
    /** Changes arriving within this long go out in one post. */
    static final Duration BATCH_DELAY = Duration.ofMillis(200);
    /** Alerts per POST, so that no request grows with the number of active alerts. */
    static final int MAX_ALERTS_PER_POST = 500;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final URI base;
    private final AlertmanagerClient client;
    private final BridgeView view;
    private final AlertmanagerSettings settings;
    private final AlertmanagerMetrics metrics;
    private final Clock clock;
    private volatile boolean running = true;
    private final Object wakeUp = new Object();

    public AlertmanagerSender(URI url, BridgeView view, AlertmanagerSettings settings, AlertmanagerMetrics metrics,
                              Clock clock) {
        this.base = url;
        this.client = new AlertmanagerClient(url, settings.timeout());
        this.view = view;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void run() {
        long postedVersion = -1; // -1: Alertmanager's state unknown (start, after a failure) - send everything
        Instant nextFull = clock.instant();
        Duration backoff = Duration.ZERO;
        boolean failing = false;
        while (running) {
            Instant now = clock.instant();
            boolean full = postedVersion < 0 || !now.isBefore(nextFull);
            if (!full && !view.awaitChange(postedVersion, Duration.between(now, nextFull))) {
                continue; // woken by the resend time or by close()
            }
            if (!full && !pause(BATCH_DELAY)) {
                break;
            }
            now = clock.instant();
            full = full || !now.isBefore(nextFull);
            BridgeView.Batch batch = view.batch(full ? -1 : postedVersion, now);
            try {
                List<AlertmanagerAlert> alerts = batch.alerts();
                for (int from = 0; from < alerts.size(); from += MAX_ALERTS_PER_POST) {
                    client.post(alerts.subList(from, Math.min(alerts.size(), from + MAX_ALERTS_PER_POST)));
                }
                if (!alerts.isEmpty()) {
                    metrics.posted(base, alerts.size(), clock.instant());
                }
                postedVersion = batch.version();
                if (full) {
                    nextFull = now.plus(settings.resendInterval());
                }
                if (failing) {
                    LOG.info("Alertmanager {} reachable again; sent {} alert(s)", base, alerts.size());
                    failing = false;
                }
                backoff = Duration.ZERO;
            } catch (AlertmanagerClient.PostFailure f) {
                metrics.failed(base, f.reason());
                if (!failing) {
                    LOG.warn("Posting alerts to {} failed ({}); retrying with backoff, processing goes on",
                            client.endpoint(), f.getMessage());
                } else {
                    LOG.debug("Posting alerts to Alertmanager {} failed again: {}", base, f.getMessage());
                }
                failing = true;
                postedVersion = -1;
                backoff = backoff.isZero() ? FIRST_BACKOFF : backoff.multipliedBy(2);
                if (backoff.compareTo(settings.resendInterval()) > 0) {
                    backoff = settings.resendInterval();
                }
                if (!pause(backoff)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // A bug here must not end the bridge for good: count it, wait, and start over with a full send.
                metrics.failed(base, "other");
                LOG.error("Alertmanager sender for {} failed unexpectedly; retrying", base, e);
                postedVersion = -1;
                if (!pause(settings.resendInterval())) {
                    break;
                }
            }
        }
    }

    /** Waits {@code d} unless closed first; false when closed. */
    private boolean pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wakeUp) {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    public void stop() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        view.wakeAll();
    }
}
