package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Severity;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.testing.Episodes;
import org.junit.jupiter.api.Test;
import static org.frontierwatch.testing.RuleFixtures.incident;
import static org.frontierwatch.testing.RuleFixtures.level;
import static org.frontierwatch.testing.RuleFixtures.rule;

class WindowTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");

    private final Rule twoInSevenDays = rule(MetricKind.COUNT, null, Duration.ofDays(7), level(2, Severity.Extreme));

    @Test
    void shouldFireWhenTwoIncidentsFallWithinTheWindow() {
        List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(4)), 1, null)));
        assertEquals(1, episodes.size());
        assertEquals(List.of("a", "b"), episodes.get(0).recentIds());
        assertEquals(2.0, episodes.get(0).maxValue());
    }

    @Test
    void shouldNotFireWhenTheIncidentsAreFurtherApartThanTheWindow() {
        assertEquals(List.of(), Episodes.of(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(8)), 1, null))));
    }

    @Test
    void shouldIncludeBothEndsOfTheWindow() {
        assertEquals(1, Episodes.of(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(7)), 1, null))).size());
        assertEquals(0, Episodes.of(twoInSevenDays, List.of(incident("a", T0, 1, null),
                incident("b", T0.plus(Duration.ofDays(7)).plusMillis(1), 1, null))).size());
    }

    @Test
    void shouldPickTheHighestLevelOfTheLadderForSums() {
        Rule ladder = rule(MetricKind.SUM, "fatalities", Duration.ofDays(30), level(3, Severity.Severe), level(8, Severity.Extreme));
        assertEquals(0, Episodes.of(ladder, List.of(incident("a", T0, 3, null))).get(0).level());
        EpisodeSummary both = Episodes.of(ladder, List.of(incident("a", T0, 3, null),
                incident("b", T0.plus(Duration.ofDays(7)), 5, null))).get(0);
        assertEquals(1, both.level());
        assertEquals(8.0, both.maxValue());
    }

    @Test
    void shouldCountDistinctValues() {
        Rule sites = rule(MetricKind.DISTINCT_COUNT, "site_id", Duration.ofDays(7), level(2, Severity.Severe));
        assertEquals(List.of(), Episodes.of(sites, List.of(incident("a", T0, 0, "s1"),
                incident("b", T0.plusSeconds(60), 0, "s1"))));
        assertEquals(1, Episodes.of(sites, List.of(incident("a", T0, 0, "s1"),
                incident("b", T0.plusSeconds(60), 0, "s2"))).size());
    }

    @Test
    void shouldMergeOverlappingFiringWindowsAndSeparateDistantOnes() {
        List<Incident> incidents = List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(5)), 1, null),
                incident("c", T0.plus(Duration.ofDays(10)), 1, null), incident("x", T0.plus(Duration.ofDays(40)), 1, null),
                incident("y", T0.plus(Duration.ofDays(41)), 1, null));
        List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays, incidents);
        assertEquals(List.of(List.of("a", "b", "c"), List.of("x", "y")), episodes.stream().map(EpisodeSummary::recentIds).toList());
    }
}
