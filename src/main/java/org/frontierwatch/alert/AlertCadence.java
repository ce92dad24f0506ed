package org.frontierwatch.alert;

import java.time.Duration;
import java.util.Collection;
import org.frontierwatch.rules.Rule;

/**
 * How often an alert speaks: at most one count-only {@code Update} per update interval (a rule's
 * {@code update_interval}, else {@code defaultUpdateInterval}), and how long the closing AllClear of an ended
 * episode stays valid ({@code allClearExpiresAfter}, its CAP {@code expires}). Material changes are never held.
 * Consumed by the {@link GroupEvaluator}; set by {@code frontier.alerts.update-interval} and
 * {@code frontier.alerts.all-clear-expires-after}.
 */
public record AlertCadence(Duration defaultUpdateInterval, Duration allClearExpiresAfter) {

    /**
     * Six hours: a handful of messages per alert per day at most, fewer than Alertmanager's own default repeat of a
     * firing alert (4 h) would give a pager if it were fed every change (docs/rules.md explains the choice).
     */
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofHours(6);
    /** A day: long enough for every feed reader polling a few times a day to see it, short enough to drop soon. */
    public static final Duration DEFAULT_ALL_CLEAR_EXPIRES_AFTER = Duration.ofHours(24);

    public static final AlertCadence DEFAULT = new AlertCadence(DEFAULT_UPDATE_INTERVAL,
            DEFAULT_ALL_CLEAR_EXPIRES_AFTER);
    /** Every change of an alert's content goes out at once (update interval PT0S), as before issue 22. */
    public static final AlertCadence EVERY_CHANGE = new AlertCadence(Duration.ZERO, DEFAULT_ALL_CLEAR_EXPIRES_AFTER);

    public AlertCadence {
        if (defaultUpdateInterval == null || defaultUpdateInterval.isNegative()) {
            throw new IllegalArgumentException("update interval must be zero or positive: " + defaultUpdateInterval);
        }
        if (allClearExpiresAfter == null || allClearExpiresAfter.isNegative() || allClearExpiresAfter.isZero()) {
            throw new IllegalArgumentException("all-clear expiry must be positive: " + allClearExpiresAfter);
        }
    }

    /**
     * The longest update interval of these rules: how long a live run must stay quiet after its input stops before
     * every held change has gone out.
     */
    public Duration longestUpdateInterval(Collection<Rule> rules) {
        Duration longest = Duration.ZERO;
        for (Rule rule : rules) {
            Duration d = updateInterval(rule);
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }

    /** The rule's own interval, or the default. */
    public Duration updateInterval(Rule rule) {
        return rule.updateInterval() != null ? rule.updateInterval() : defaultUpdateInterval;
    }
}
