package org.frontierwatch.rules;

import java.util.List;
import org.frontierwatch.model.Incident;

/**
 * A run of incidents in one rule group that together meet a rule's lowest threshold: the union of every firing
 * window that shares an incident with another. {@code level} is the highest level any of its windows reached and
 * {@code metricValue} that window's measurement.
 */
public record Episode(List<Incident> evidence, int level, double metricValue) {

    public Episode {
        evidence = List.copyOf(evidence);
    }

    public boolean contains(String incidentId) {
        return evidence.stream().anyMatch(i -> i.id().equals(incidentId));
    }

    public boolean sharesEvidenceWith(List<String> incidentIds) {
        return evidence.stream().anyMatch(i -> incidentIds.contains(i.id()));
    }

    public List<String> evidenceIds() {
        return evidence.stream().map(Incident::id).toList();
    }
}
