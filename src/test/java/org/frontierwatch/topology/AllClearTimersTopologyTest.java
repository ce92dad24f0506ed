package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Alert;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timer index through the topology: ended episodes close in the order their episodes end as event time moves
 * on, including an episode whose end a retraction moved earlier than every other timer (the evaluator scans the
 * index from its earliest known due time, so a timer moved before it must still be seen).
 */
class AllClearTimersTopologyTest {

    private static final String RULE = "foreign-workers-killed/";

    private TopologyHarness harness;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness().withSampleReferenceData();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** A fatal attack on Chinese workers in a Khatlon district: fires foreign-workers-killed (7 days, grace 7). */
    private static ObjectNode fatalAttack(String id, String occurredAt, String admin1, String admin2) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", 1,
                "victim_nationalities", List.of("CN"), "origin_country", "AF", "admin1", admin1, "admin2", admin2));
    }

    /**
     * A report that only moves event time on: one death in an attack in {@code district} (Khatlon), which
     * district-fatalities looks at (a report no rule looks at never reaches the rule evaluator) but does not fire on.
     */
    private void quietReportAt(String id, String occurredAt, String district) {
        harness.report(Fixtures.with(Fixtures.report(id, occurredAt),
                Map.of("fatalities", 1, "admin2", district)).toString());
    }

    /** The keys of the foreign-workers-killed alerts closed since the last call, in the order they were closed. */
    private List<String> closed() {
        return harness.alerts().stream().filter(Alert::isAllClear).map(Alert::key)
                .filter(k -> k.startsWith(RULE)).toList();
    }

    @Test
    void shouldCloseEndedEpisodesInTheOrderTheyEndIncludingOneARetractionEndedEarlier() {
        harness.report(fatalAttack("panj", "2025-11-01T00:00:00Z", "Khatlon", "Panj").toString());
        harness.report(fatalAttack("kulob-1", "2025-11-02T00:00:00Z", "Khatlon", "Kulob").toString());
        harness.report(fatalAttack("farkhor", "2025-11-03T00:00:00Z", "Khatlon", "Farkhor").toString());
        harness.report(fatalAttack("kulob-2", "2025-11-06T00:00:00Z", "Khatlon", "Kulob").toString());
        assertEquals(List.of(), closed());

        // Panj's episode ends after 2025-11-01 + 7 days + 7 days of grace; Farkhor's after 11-17; Kulob's after 11-20.
        quietReportAt("q1", "2025-11-15T01:00:00Z", "Bokhtar");
        assertEquals(List.of(RULE + "tj-panj/2025-11-01"), closed());

        // Without its second attack, Kulob's episode ended on 11-16: before Farkhor's, the earliest timer until now.
        harness.retract("kulob-2");
        assertEquals(List.of(), closed(), "event time has not reached 11-16 yet");
        quietReportAt("q2", "2025-11-16T12:00:00Z", "Dusti");
        assertEquals(List.of(RULE + "tj-kulob/2025-11-02"), closed());

        quietReportAt("q3", "2025-11-20T00:00:00Z", "Hamadoni");
        assertEquals(List.of(RULE + "tj-farkhor/2025-11-03"), closed());
        quietReportAt("q4", "2025-12-20T00:00:00Z", "Jayhun");
        assertEquals(List.of(), closed(), "each episode closes once");
    }
}
