package org.frontierwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The Alertmanager bridge's metrics: alerts posted and post failures by reason per Alertmanager, the alerts the
 * bridge holds as firing, the time of the last successful post, and alert messages it could not read. Every
 * labelled counter exists from the start at 0 for each Alertmanager and reason.
 */
public final class AlertmanagerMetrics {

    private final Map<String, Counter> posted = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSuccessMs = new ConcurrentHashMap<>();
    private final Counter unreadable;

    public <T> AlertmanagerMetrics(MeterRegistry registry, List<URI> alertmanagers, List<String> reasons,
                                   T firingSource, ToDoubleFunction<T> firing) {
        for (URI url : alertmanagers) {
            String am = label(url);
            posted.put(am, Counter.builder("frontierwatch.alertmanager.alerts.posted")
                    .description("Alerts (firing and resolved) in successful posts to Alertmanager")
                    .tag("alertmanager", am).register(registry));
            for (String reason : reasons) {
                failures.put(am + "\u0000" + reason, Counter.builder("frontierwatch.alertmanager.post.failures")
                        .description("Posts to Alertmanager that failed, by reason (each is retried with backoff)")
                        .tag("alertmanager", am).tag("reason", reason).register(registry));
            }
            AtomicLong last = new AtomicLong();
            lastSuccessMs.put(am, last);
            Gauge.builder("frontierwatch.alertmanager.last.success.timestamp.seconds", last, v -> v.get() / 1000.0)
                    .description("Unix time of the last successful post to Alertmanager (0: none yet)")
                    .tag("alertmanager", am).register(registry);
        }
        Gauge.builder("frontierwatch.alertmanager.alerts.active", firingSource, firing)
                .description("Alerts the bridge holds as firing (for the partitions of the alerts topic it reads)")
                .register(registry);
        unreadable = Counter.builder("frontierwatch.alertmanager.unreadable.messages")
                .description("Messages of the alerts topic the bridge could not read as alerts (skipped, logged)")
                .register(registry);
    }

    /** The {@code alertmanager} label: the URL without any user info. */
    public static String label(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getPath() == null ? "" : url.getPath());
    }

    public void posted(URI url, int alerts, Instant at) {
        String am = label(url);
        Counter c = posted.get(am);
        AtomicLong last = lastSuccessMs.get(am);
        if (c != null && last != null) {
            c.increment(alerts);
            last.set(at.toEpochMilli());
        }
    }

    public void failed(URI url, String reason) {
        Counter c = failures.get(label(url) + "\u0000" + reason);
        if (c != null) {
            c.increment();
        }
    }

    public void unreadable() {
        unreadable.increment();
    }
}
