package org.frontierwatch.alertmanager;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how often the Alertmanager bridge posts: the Alertmanager base URLs (every instance of a cluster,
 * not a load balancer), the resend interval and the HTTP timeout. No URL means no bridge.
 */
public record AlertmanagerSettings(List<URI> urls, Duration resendInterval, Duration timeout) {

    /** Prometheus re-sends firing alerts every minute ({@code --rules.alert.resend-delay}); so do we. */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final AlertmanagerSettings NONE =
            new AlertmanagerSettings(List.of(), DEFAULT_RESEND_INTERVAL, DEFAULT_TIMEOUT);

    public AlertmanagerSettings {
        urls = List.copyOf(urls);
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /**
     * How long a firing alert stays firing in Alertmanager without news from us: four resend intervals, as
     * Prometheus does, so that a few lost posts do not resolve it but a dead bridge's alerts do end.
     */
    public Duration firingHorizon() {
        return resendInterval.multipliedBy(4);
    }

    /**
     * How long an ended label set is still sent as resolved: the firing horizon plus a minute (our own post of a
     * resolution may be late by a backoff step). After it, Alertmanager has ended the old alert by itself.
     */
    public Duration resolvedRetention() {
        return firingHorizon().plusMinutes(1);
    }

    public AlertmanagerSettings withUrls(List<URI> newUrls) {
        return new AlertmanagerSettings(newUrls, resendInterval, timeout);
    }

    /**
     * Parses a comma-separated list of base URLs ({@code http://host:9093}, optionally with a path prefix); throws
     * {@link IllegalArgumentException} naming the bad entry.
     */
    public static List<URI> parseUrls(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String s = part.trim();
            if (!s.isEmpty()) {
                out.add(parseUrl(s));
            }
        }
        return List.copyOf(out);
    }

    public static URI parseUrl(String s) {
        URI uri;
        try {
            uri = new URI(s.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("'" + s + "' is not an http:// or https:// URL of an Alertmanager");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' has no host");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + s + "' must be a base URL without query or fragment");
        }
        return uri;
    }

    /** The API v2 endpoint under a base URL, keeping any path prefix ({@code http://h/am} -> {@code /am/api/v2/alerts}). */
    public static URI alertsEndpoint(URI base) {
        return apiV2(base, "alerts");
    }

    /** The API v2 silences endpoint under a base URL, as {@link #alertsEndpoint}. */
    public static URI silencesEndpoint(URI base) {
        return apiV2(base, "silences");
    }

    private static URI apiV2(URI base, String resource) {
        String path = base.getPath() == null ? "" : base.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return base.resolve(path + "/api/v2/" + resource);
    }
}
