package org.frontierwatch.alertmanager;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's API v2 takes it ({@code postableAlert}): the labels identify it, the annotations
 * describe it; {@code endsAt} in the past resolves it. {@code generatorURL} is left out: Alertmanager rejects a whole
 * batch (422) for one invalid URL, and we have no page per alert to point at.
 */
public record AlertmanagerAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                                Instant endsAt) {

    public AlertmanagerAlert {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public boolean resolvedAt(Instant now) {
        return !endsAt.isAfter(now);
    }
}
