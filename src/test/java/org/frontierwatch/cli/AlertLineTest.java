package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.AlertContent;
import org.frontierwatch.model.Certainty;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Urgency;
import org.junit.jupiter.api.Test;

/** The one-line text of an alert that {@code demo}, {@code run} on a terminal and {@code tail --format text} print. */
class AlertLineTest {

    private static Alert alert(MsgType type, Severity severity, ResponseType response, String headline, int sites) {
        List<AlertContent.AffectedSite> listed = IntStream.rangeClosed(1, sites)
                .mapToObj(i -> new AlertContent.AffectedSite("s" + i, "Site " + i, "op", "d", "District", null, null,
                        null))
                .toList();
        AlertContent content = AlertContent.builder()
                .ruleId("rule").event("event")
                .severity(severity).urgency(Urgency.Immediate).certainty(Certainty.Observed).response(response)
                .country("TJ").district("District").districtId("d")
                .incidentIds(List.of("i1")).incidentIdsTotal(1).fatalities(3).count(1).metricValue(3)
                .affectedSites(listed).affectedSitesTotal(sites)
                .exposedWorkers(sites * 6).exposure(sites == 0 ? List.of()
                        : List.of(new AlertContent.ExposedNationality("CN", "Chinese", sites * 6)))
                .headline(headline).instruction("instruction")
                .build();
        return new Alert("rule/district/2025-11-26", "rule/district/2025-11-26#1", type, null, content,
                Instant.parse("2025-11-26T12:00:00Z"), null, null);
    }

    @Test
    void shouldPrintTypeSeverityResponseKeyHeadlineAndSitesOnOneLine() {
        assertEquals("ALERT  Extreme  Evacuate rule/district/2025-11-26 — 3 killed — sites: Site 1; Site 2 — "
                + "12 Chinese workers at 2 sites",
                AlertLine.format(alert(MsgType.Alert, Severity.Extreme, ResponseType.Evacuate, "3 killed", 2), false));
        assertEquals("CANCEL Severe   AllClear rule/district/2025-11-26 — Cancelled — no listed site — "
                + "no foreign workers on record at 0 sites",
                AlertLine.format(alert(MsgType.Cancel, Severity.Severe, ResponseType.AllClear, "Cancelled", 0), false));
    }

    @Test
    void shouldMarkTheClosingAllClearOfAnEndedEpisodeAsClearInGreenAndLeaveOtherUpdatesAlone() {
        Alert allClear = alert(MsgType.Update, Severity.Extreme, ResponseType.AllClear, "Ended: 8 killed", 2);
        assertEquals("CLEAR  Extreme  AllClear rule/district/2025-11-26 — Ended: 8 killed — sites: Site 1; Site 2 — "
                + "12 Chinese workers at 2 sites",
                AlertLine.format(allClear, false));
        assertTrue(AlertLine.format(allClear, true).startsWith("\u001b[32mCLEAR  Extreme  AllClear\u001b[0m "),
                "green, as a Cancel");
        assertEquals("UPDATE Extreme  Evacuate rule/district/2025-11-26 — 8 killed — sites: Site 1; Site 2 — "
                + "12 Chinese workers at 2 sites",
                AlertLine.format(alert(MsgType.Update, Severity.Extreme, ResponseType.Evacuate, "8 killed", 2), false));
        assertTrue(AlertLine.format(alert(MsgType.Cancel, Severity.Severe, ResponseType.AllClear, "Cancelled", 0),
                false).startsWith("CANCEL Severe   AllClear "), "a Cancel stays a Cancel");
        String hostile = AlertLine.format(alert(MsgType.Update, Severity.Minor, ResponseType.AllClear,
                "Ended: evil\n\u001b[2J", 1), true);
        assertEquals(2, hostile.split("\u001b", -1).length - 1, "only our own colour codes: " + hostile);
        assertFalse(hostile.contains("\n"), hostile);
    }

    @Test
    void shouldNameThreeSitesAndCountTheRest() {
        assertTrue(AlertLine.format(alert(MsgType.Update, Severity.Moderate, ResponseType.Monitor, "h", 7), false)
                .contains("sites: Site 1; Site 2; Site 3 and 4 more — "));
    }

    @Test
    void shouldKeepControlCharactersFromReportsOffTheTerminal() {
        String line = AlertLine.format(alert(MsgType.Alert, Severity.Minor, ResponseType.Monitor,
                "evil\n\u001b[2Jheadline", 1), false);
        assertFalse(line.contains("\n") || line.contains("\u001b"), line);
        assertTrue(line.contains("evil\\n"), line);
    }

    @Test
    void shouldColourOnlyTheHeadOfTheLine() {
        String plain = AlertLine.format(alert(MsgType.Alert, Severity.Extreme, ResponseType.Evacuate, "h", 1), false);
        String coloured = AlertLine.format(alert(MsgType.Alert, Severity.Extreme, ResponseType.Evacuate, "h", 1), true);
        assertTrue(coloured.startsWith("\u001b[1;31mALERT  Extreme  Evacuate\u001b[0m "), coloured);
        assertEquals(plain, coloured.replaceAll("\u001b\\[[0-9;]*m", ""));
    }
}
