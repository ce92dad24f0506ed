package org.frontierwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Incident;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EpisodeSummary;

/**
 * The episodes the production evaluator forms from incidents arriving in the given order (a grace period of ten
 * years, so no episode ages out of a test): consumes incidents, produces episode summaries, oldest first.
 */
public final class Episodes {

    private Episodes() {
    }

    public static List<EpisodeSummary> of(Rule rule, List<Incident> incidents) {
        GroupRun run = new GroupRun(rule, new MapReferenceData(), Duration.ofDays(3650), "tj-panj",
                Map.of("district", "tj-panj"), Instant.parse("2030-01-01T00:00:00Z"));
        incidents.forEach(run::add);
        return run.episodes();
    }
}
