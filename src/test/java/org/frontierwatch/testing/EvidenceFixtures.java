package org.frontierwatch.testing;

import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.model.Incident;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.EvidenceAccumulator;
import org.frontierwatch.state.IncidentEntry;

/** Episode summaries built directly from incident lists, for tests of alert content. */
public final class EvidenceFixtures {

    private EvidenceFixtures() {
    }

    /** The summary of an episode whose evidence is {@code incidents}, at {@code level} with {@code maxValue}. */
    public static EpisodeSummary episode(Rule rule, List<Incident> incidents, int level, double maxValue) {
        List<IncidentEntry> entries = new ArrayList<>();
        incidents.forEach(i -> entries.add(IncidentEntry.of(rule, i)));
        entries.sort((a, b) -> a.key().compareTo(b.key()));
        EvidenceAccumulator acc = new EvidenceAccumulator();
        entries.forEach(acc::add);
        return acc.build(level, maxValue);
    }
}
