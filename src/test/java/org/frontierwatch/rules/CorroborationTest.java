package org.frontierwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.frontierwatch.testing.Reports;
import org.frontierwatch.testing.RuleFixtures;
import org.junit.jupiter.api.Test;

/** The certainty and the levels that follow from an incident's independent sources. */
class CorroborationTest {

    @Test
    void shouldMapSourcesToCapCertainty() {
        assertEquals(Certainty.Possible, Corroboration.UNSOURCED.certainty());
        assertEquals(Certainty.Possible, new Corroboration(1, false).certainty());
        assertEquals(Certainty.Likely, new Corroboration(2, false).certainty());
        assertEquals(Certainty.Observed, new Corroboration(1, true).certainty());
        assertEquals(new Corroboration(0, true), new Corroboration(5, false).max(new Corroboration(0, true)));
        assertEquals(new Corroboration(3, false), new Corroboration(3, false).max(new Corroboration(2, false)));
    }

    @Test
    void shouldHoldALevelBackUntilItsSourcesAreThereAndFallToTheHighestThatHolds() {
        Rule rule = RuleFixtures.rule(MetricKind.COUNT, null, Duration.ofDays(7),
                new Level(1, Severity.Severe, Urgency.Expected, null, ResponseType.Prepare, null, null, null, 0),
                new Level(3, Severity.Extreme, Urgency.Immediate, null, ResponseType.Evacuate, null, null, null, 2));
        assertEquals(0, new Corroboration(1, false).levelOf(rule, 1));
        assertEquals(1, new Corroboration(2, false).levelOf(rule, 1));
        assertEquals(1, new Corroboration(0, true).levelOf(rule, 1), "first-hand is enough for any level");
        assertEquals(0, new Corroboration(2, false).levelOf(rule, 0), "never above the level the metric reached");
        Rule strict = RuleFixtures.rule(MetricKind.COUNT, null, Duration.ofDays(7),
                new Level(1, Severity.Extreme, Urgency.Immediate, null, ResponseType.Evacuate, null, null, null, 2));
        assertEquals(-1, new Corroboration(1, false).levelOf(strict, 0), "no level holds: nothing to raise");
    }

    @Test
    void shouldCountDistinctSourcesAcrossRevisionsAndKeepAFirstHandScale() {
        Reports.Builder b = Reports.report("X").at(Instant.parse("2025-11-26T12:00:00Z")).admin2("Darvoz");
        IncidentReport first = b.source("Asia-Plus").sourceScale("official").build().forEvaluation();
        assertEquals(List.of("Asia-Plus"), first.sources(), "the source text counts as one when no list is given");
        IncidentReport second = b.revision(2).source("a wire that also lists its sources")
                .sources(" ASIA-PLUS", "Xinhua").sourceScale("National").build().forEvaluation().corroboratedBy(first);
        assertEquals(List.of("Asia-Plus", "Xinhua"), second.sources(), "the list replaces the text; case ignored");
        assertTrue(second.firstHand(), "an official statement stays said");
        IncidentReport many = b.revision(3).sources(IntStream.range(0, 40).mapToObj(i -> "wire " + i)
                .toArray(String[]::new)).sourceScale(null).build().forEvaluation();
        assertEquals(IncidentReport.MAX_SOURCES, many.sources().size(), "bounded");
        assertFalse(many.firstHand());
    }
}
