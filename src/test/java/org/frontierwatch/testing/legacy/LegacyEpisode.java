package org.frontierwatch.testing.legacy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.frontierwatch.model.Incident;

/**
 * [Test oracle: the evaluator before the incremental state layout, kept as it was (issue 10).]
 * A run of incidents in one rule group that together meet a rule's lowest threshold: the union of every firing
 * window that shares an incident with another. {@code level} is the highest level any of its windows reached and
 * {@code metricValue} that window's measurement.
 */
public record LegacyEpisode(List<Incident> evidence, int level, double metricValue) {

    public LegacyEpisode {
        evidence = List.copyOf(evidence);
    }

    public boolean contains(String incidentId) {
        return evidence.stream().anyMatch(i -> i.id().equals(incidentId));
    }

    public boolean sharesEvidenceWith(List<String> incidentIds) {
        // [Oracle: a set lookup instead of List.contains (same answer), so groups of 20,000 incidents stay testable.]
        Set<String> ids = incidentIds.size() < 16 ? null : new HashSet<>(incidentIds);
        return evidence.stream().anyMatch(i -> ids == null ? incidentIds.contains(i.id()) : ids.contains(i.id()));
    }

    public List<String> evidenceIds() {
        return evidence.stream().map(Incident::id).toList();
    }
}
