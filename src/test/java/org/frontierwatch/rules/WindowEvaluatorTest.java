package org.frontierwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Severity;
import org.junit.jupiter.api.Test;
import static org.frontierwatch.testing.RuleFixtures.incident;
import static org.frontierwatch.testing.RuleFixtures.level;
import static org.frontierwatch.testing.RuleFixtures.rule;

class WindowEvaluatorTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");

    private final Rule twoInSevenDays = rule(MetricKind.COUNT, null, Duration.ofDays(7), level(2, Severity.Extreme));

    @Test
    void shouldFireWhenTwoIncidentsFallWithinTheWindow() {
        List<Episode> episodes = WindowEvaluator.episodes(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(4)), 1, null)));
        assertEquals(1, episodes.size());
        assertEquals(List.of("a", "b"), episodes.get(0).evidenceIds());
        assertEquals(2.0, episodes.get(0).metricValue());
    }

    @Test
    void shouldNotFireWhenTheIncidentsAreFurtherApartThanTheWindow() {
        assertEquals(List.of(), WindowEvaluator.episodes(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(8)), 1, null))));
    }

    @Test
    void shouldIncludeBothEndsOfTheWindow() {
        assertEquals(1, WindowEvaluator.episodes(twoInSevenDays,
                List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(7)), 1, null))).size());
        assertEquals(0, WindowEvaluator.episodes(twoInSevenDays, List.of(incident("a", T0, 1, null),
                incident("b", T0.plus(Duration.ofDays(7)).plusMillis(1), 1, null))).size());
    }

    @Test
    void shouldPickTheHighestLevelOfTheLadderForSums() {
        Rule ladder = rule(MetricKind.SUM, "fatalities", Duration.ofDays(30), level(3, Severity.Severe), level(8, Severity.Extreme));
        assertEquals(0, WindowEvaluator.episodes(ladder, List.of(incident("a", T0, 3, null))).get(0).level());
        Episode both = WindowEvaluator.episodes(ladder, List.of(incident("a", T0, 3, null),
                incident("b", T0.plus(Duration.ofDays(7)), 5, null))).get(0);
        assertEquals(1, both.level());
        assertEquals(8.0, both.metricValue());
    }

    @Test
    void shouldCountDistinctValues() {
        Rule sites = rule(MetricKind.DISTINCT_COUNT, "site_id", Duration.ofDays(7), level(2, Severity.Severe));
        assertEquals(List.of(), WindowEvaluator.episodes(sites, List.of(incident("a", T0, 0, "s1"),
                incident("b", T0.plusSeconds(60), 0, "s1"))));
        assertEquals(1, WindowEvaluator.episodes(sites, List.of(incident("a", T0, 0, "s1"),
                incident("b", T0.plusSeconds(60), 0, "s2"))).size());
    }

    @Test
    void shouldMergeOverlappingFiringWindowsAndSeparateDistantOnes() {
        List<Incident> incidents = List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(5)), 1, null),
                incident("c", T0.plus(Duration.ofDays(10)), 1, null), incident("x", T0.plus(Duration.ofDays(40)), 1, null),
                incident("y", T0.plus(Duration.ofDays(41)), 1, null));
        List<Episode> episodes = WindowEvaluator.episodes(twoInSevenDays, incidents);
        assertEquals(List.of(List.of("a", "b", "c"), List.of("x", "y")), episodes.stream().map(Episode::evidenceIds).toList());
    }

    @Test
    void shouldSlugNamesIgnoringCaseDiacriticsAndPunctuation() {
        assertEquals("shamsiddin-shohin", Keys.slug("Šamsiddin Šohin"));
        assertEquals("shamsiddin-shohin", Keys.slug("  SHAMSIDDIN--SHOHIN "));
        assertEquals("jilikul", Keys.slug("Jilikŭl"));
        assertEquals("muminobod", Keys.slug("Mu'minobod"));
        assertEquals("kalai-khumb", Keys.slug("Kalai-Khumb"));
    }
}
