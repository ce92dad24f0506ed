package org.frontierwatch.rules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * A declarative alerting rule loaded from {@code config/rules.yaml}: which incidents it looks at, how it groups and
 * measures them over an event-time window, the severity ladder of thresholds, which sites its alerts cover, how
 * often a count-only change of an alert may go out ({@code updateInterval}; null: the configured default), the
 * fewest foreign workers at the covered sites for which an episode raises an alert ({@code minExposedWorkers}; 0: any),
 * the radius of a {@link Scope#RADIUS} rule ({@code radiusKm}, which a level may override), and its
 * {@code version}: the first 12 hex digits of the SHA-256 of the rule as written, every key but {@code description},
 * as canonical JSON (keys sorted), so that reformatting the file changes no version and any change of meaning does.
 */
public record Rule(
        String id,
        String event,
        RuleKind kind,
        MetricKind metric,
        String field,
        Duration window,
        List<GroupDimension> groupBy,
        Filter filter,
        List<Level> levels,
        Scope scope,
        String headline,
        String instruction,
        Duration expiresAfter,
        Duration updateInterval,
        int minExposedWorkers,
        Double radiusKm,
        String version) {

    public Rule {
        groupBy = List.copyOf(groupBy);
        levels = List.copyOf(levels);
    }

    /** A rule built in code, without a version (a rules file gives each rule the content hash of its text). */
    public Rule(String id, String event, RuleKind kind, MetricKind metric, String field, Duration window,
                List<GroupDimension> groupBy, Filter filter, List<Level> levels, Scope scope, String headline,
                String instruction, Duration expiresAfter, Duration updateInterval) {
        this(id, event, kind, metric, field, window, groupBy, filter, levels, scope, headline, instruction,
                expiresAfter, updateInterval, 0, null, null);
    }

    /**
     * Everything the incidents a rule group holds depend on (which incidents, in which groups, and the window value
     * each closes): type, metric, field, window, grouping, filter and whether the scope is radius (only radius rules
     * keep each incident's reach), as text that is the same in every JVM. Two
     * versions with the same text differ only in levels, scope, texts or cadence, and a group's stored state can be
     * judged again under the newer one.
     */
    public String measure() {
        return String.join("|", kind.name(), metric.name(), String.valueOf(field), window.toString(),
                groupBy.toString(), new TreeSet<>(filter.eventTypes()).toString(),
                new TreeSet<>(filter.subEventTypes()).toString(), new TreeSet<>(filter.countries()).toString(),
                new TreeSet<>(filter.victimNationalities()).toString(), String.valueOf(filter.minFatalities()),
                String.valueOf(filter.crossBorder()), String.valueOf(filter.foreignVictims()))
                // Only radius rules keep where each incident reaches: a change to or from scope radius restructures
                // the rule. Other rules' measure is as before, so their digests did not change with it.
                + (scope == Scope.RADIUS ? "|radius" : "");
    }

    /** The first 8 bytes of the SHA-256 of {@link #measure}: what the evaluator and the intake keep per rule. */
    public long measureDigest() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(measure().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JVM algorithm", e);
        }
    }

    /** The radius a {@link Scope#RADIUS} alert at {@code level} covers, in km: the level's own, else the rule's. */
    public double radiusAt(Level level) {
        if (level.radiusKm() != null) {
            return level.radiusKm();
        }
        return radiusKm == null ? 0 : radiusKm;
    }

    /** Index of the highest level the metric reaches, or -1 when it reaches none. Levels are sorted by min. */
    public int levelFor(double metricValue) {
        int reached = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (metricValue >= levels.get(i).min()) {
                reached = i;
            }
        }
        return reached;
    }
}
