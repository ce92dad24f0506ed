package org.frontierwatch.alert;

import static org.frontierwatch.testing.RuleFixtures.incident;
import static org.frontierwatch.testing.RuleFixtures.level;
import static org.frontierwatch.testing.RuleFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.Severity;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.testing.Episodes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Episodes the evaluator forms over hand-built rules and incidents: the window's ends, levels, distinct counts and
 * how firing windows merge into episodes (with what was WindowEpisodeTest).
 */
class WindowTest {

    static final Instant T0 = Instant.parse("2025-11-26T12:00:00Z");

    private final Rule twoInSevenDays = rule(MetricKind.COUNT, null, Duration.ofDays(7), level(2, Severity.Severe));

    private static Incident at(String id, Duration after) {
        return incident(id, T0.plus(after), 1, null);
    }

    private static List<List<String>> evidence(List<EpisodeSummary> episodes) {
        return episodes.stream().map(EpisodeSummary::recentIds).toList();
    }

    @Nested
    class FiringWindow {

        @Test
        void shouldFireWhenTwoIncidentsFallWithinTheWindow() {
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays,
                    List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(4)), 1, null)));
            assertEquals(1, episodes.size());
            assertEquals(List.of("a", "b"), episodes.get(0).recentIds());
            assertEquals(2.0, episodes.get(0).maxValue());
        }

        @Test
        void shouldFireForTwoIncidentsFourDaysApart() {
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays,
                    List.of(at("a", Duration.ZERO), at("b", Duration.ofDays(4))));
            assertEquals(List.of(List.of("a", "b")), evidence(episodes));
            assertEquals(0, episodes.get(0).level());
            assertEquals(2.0, episodes.get(0).maxValue());
        }

        @Test
        void shouldNotFireWhenTheIncidentsAreFurtherApartThanTheWindow() {
            assertEquals(List.of(), Episodes.of(twoInSevenDays,
                    List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(8)), 1, null))));
        }

        @Test
        void shouldNotFireForTwoIncidentsEightDaysApart() {
            assertEquals(List.of(), Episodes.of(twoInSevenDays,
                    List.of(at("a", Duration.ZERO), at("b", Duration.ofDays(8)))));
        }

        @Test
        void shouldIncludeBothEndsOfTheWindow() {
            assertEquals(1, Episodes.of(twoInSevenDays,
                    List.of(incident("a", T0, 1, null), incident("b", T0.plus(Duration.ofDays(7)), 1, null))).size());
            assertEquals(0, Episodes.of(twoInSevenDays, List.of(incident("a", T0, 1, null),
                    incident("b", T0.plus(Duration.ofDays(7)).plusMillis(1), 1, null))).size());
        }

        @Test
        void shouldIncludeAnIncidentExactlySevenDaysBack() {
            assertEquals(List.of(List.of("a", "b")), evidence(Episodes.of(twoInSevenDays,
                    List.of(at("a", Duration.ZERO), at("b", Duration.ofDays(7))))));
            assertEquals(List.of(), Episodes.of(twoInSevenDays,
                    List.of(at("a", Duration.ZERO), at("b", Duration.ofDays(7).plusSeconds(1)))));
        }

        @Test
        void shouldNotDependOnTheOrderIncidentsArriveIn() {
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays,
                    List.of(at("b", Duration.ofDays(4)), at("a", Duration.ZERO)));
            assertEquals(List.of(List.of("a", "b")), evidence(episodes));
        }

        @Test
        void shouldNotFireBelowTheLowestLevel() {
            assertEquals(List.of(), Episodes.of(twoInSevenDays, List.of(at("a", Duration.ZERO))));
            assertEquals(List.of(), Episodes.of(twoInSevenDays, List.of()));
        }
    }

    @Nested
    class Levels {

        @Test
        void shouldPickTheHighestLevelOfTheLadderForSums() {
            Rule ladder = rule(MetricKind.SUM, "fatalities", Duration.ofDays(30), level(3, Severity.Severe),
                    level(8, Severity.Extreme));
            assertEquals(0, Episodes.of(ladder, List.of(incident("a", T0, 3, null))).get(0).level());
            EpisodeSummary both = Episodes.of(ladder, List.of(incident("a", T0, 3, null),
                    incident("b", T0.plus(Duration.ofDays(7)), 5, null))).get(0);
            assertEquals(1, both.level());
            assertEquals(8.0, both.maxValue());
        }

        @Test
        void shouldPickTheHighestLevelOfASumLadder() {
            Rule ladder = rule(MetricKind.SUM, "fatalities", Duration.ofDays(30),
                    level(3, Severity.Moderate), level(8, Severity.Severe), level(20, Severity.Extreme));
            List<EpisodeSummary> low = Episodes.of(ladder, List.of(incident("a", T0, 4, null)));
            assertEquals(0, low.get(0).level());
            assertEquals(4.0, low.get(0).maxValue());

            List<EpisodeSummary> high = Episodes.of(ladder, List.of(incident("a", T0, 4, null),
                    incident("b", T0.plus(Duration.ofDays(10)), 5, null),
                    incident("c", T0.plus(Duration.ofDays(20)), 1, null)));
            assertEquals(1, high.size());
            assertEquals(1, high.get(0).level(), "10 fatalities reach the second level, not the third");
            assertEquals(10.0, high.get(0).maxValue());
            assertEquals(Severity.Severe, ladder.levels().get(high.get(0).level()).severity());
        }

        @Test
        void shouldKeepTheHighestLevelReachedWhenALaterWindowOfTheEpisodeMeasuresLess() {
            Rule ladder = rule(MetricKind.SUM, "fatalities", Duration.ofDays(7), level(3, Severity.Severe),
                    level(8, Severity.Extreme));
            List<EpisodeSummary> episodes = Episodes.of(ladder, List.of(incident("a", T0, 9, null),
                    incident("b", T0.plus(Duration.ofDays(6)), 3, null),
                    incident("c", T0.plus(Duration.ofDays(12)), 3, null)));
            assertEquals(List.of(List.of("a", "b", "c")), evidence(episodes));
            assertEquals(1, episodes.get(0).level());
            assertEquals(12.0, episodes.get(0).maxValue());
        }
    }

    @Nested
    class DistinctCounts {

        @Test
        void shouldCountDistinctValues() {
            Rule sites = rule(MetricKind.DISTINCT_COUNT, "site_id", Duration.ofDays(7), level(2, Severity.Severe));
            assertEquals(List.of(), Episodes.of(sites, List.of(incident("a", T0, 0, "s1"),
                    incident("b", T0.plusSeconds(60), 0, "s1"))));
            assertEquals(1, Episodes.of(sites, List.of(incident("a", T0, 0, "s1"),
                    incident("b", T0.plusSeconds(60), 0, "s2"))).size());
        }

        @Test
        void shouldCountDistinctSitesNotIncidents() {
            Rule twoSites = rule(MetricKind.DISTINCT_COUNT, "site_id", Duration.ofDays(7), level(2, Severity.Severe));
            assertEquals(List.of(), Episodes.of(twoSites, List.of(incident("a", T0, 0, "s1"),
                    incident("b", T0.plus(Duration.ofDays(1)), 0, "s1"),
                    incident("c", T0.plus(Duration.ofDays(2)), 0, null))));
            List<EpisodeSummary> episodes = Episodes.of(twoSites, List.of(incident("a", T0, 0, "s1"),
                    incident("b", T0.plus(Duration.ofDays(1)), 0, "s1"),
                    incident("c", T0.plus(Duration.ofDays(2)), 0, "s2")));
            assertEquals(List.of(List.of("a", "b", "c")), evidence(episodes));
            assertEquals(2.0, episodes.get(0).maxValue());
        }
    }

    @Nested
    class EpisodeBoundaries {

        @Test
        void shouldMergeOverlappingFiringWindowsAndSeparateDistantOnes() {
            List<Incident> incidents = List.of(incident("a", T0, 1, null),
                    incident("b", T0.plus(Duration.ofDays(5)), 1, null),
                    incident("c", T0.plus(Duration.ofDays(10)), 1, null),
                    incident("x", T0.plus(Duration.ofDays(40)), 1, null),
                    incident("y", T0.plus(Duration.ofDays(41)), 1, null));
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays, incidents);
            assertEquals(List.of(List.of("a", "b", "c"), List.of("x", "y")),
                    episodes.stream().map(EpisodeSummary::recentIds).toList());
        }

        @Test
        void shouldMergeOverlappingFiringWindowsIntoOneEpisode() {
            // windows closing at b (a,b) and at c (b,c) share b
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays,
                    List.of(at("a", Duration.ZERO), at("b", Duration.ofDays(5)), at("c", Duration.ofDays(11))));
            assertEquals(List.of(List.of("a", "b", "c")), evidence(episodes));
        }

        @Test
        void shouldGiveSeparatedFiringWindowsTheirOwnEpisodes() {
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays, List.of(at("a", Duration.ZERO),
                    at("b", Duration.ofDays(2)), at("x", Duration.ofDays(20)), at("y", Duration.ofDays(21))));
            assertEquals(List.of(List.of("a", "b"), List.of("x", "y")), evidence(episodes));
        }

        @Test
        void shouldKeepALoneIncidentBetweenEpisodesOutOfBoth() {
            List<EpisodeSummary> episodes = Episodes.of(twoInSevenDays, List.of(at("a", Duration.ZERO),
                    at("b", Duration.ofDays(1)), at("lone", Duration.ofDays(10)), at("x", Duration.ofDays(30)),
                    at("y", Duration.ofDays(31))));
            assertEquals(List.of(List.of("a", "b"), List.of("x", "y")), evidence(episodes));
        }
    }
}
