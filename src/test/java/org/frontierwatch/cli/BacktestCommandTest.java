package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backtest}: text and JSON output, the summary, event-time order, tombstones, imports as input. */
class BacktestCommandTest {

    @TempDir
    Path dir;

    private static List<String> keys(String jsonLines) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (!line.isBlank()) {
                JsonNode a = Json.mapper().readTree(line);
                keys.add(a.path("msg_type").asText() + " " + a.path("key").asText());
            }
        }
        return keys;
    }

    @Test
    void shouldPrintEachMessageOfTheSeedScenarioAndTheSummaryTables() {
        CliRun r = CliRun.of("backtest", Fixtures.SEED_SCENARIO.toString());
        assertEquals(0, r.rc(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(
                "2025-11-26T12:00:00Z  Alert   Extreme   Evacuate  "
                        + "foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26",
                out.get(0));
        assertEquals("                      Evacuate Chinese workers from Shamsiddin Shohin: 3 killed in attack",
                out.get(1));
        assertEquals(
                "2025-12-03T02:00:00Z  Update  Extreme   Evacuate  district-fatalities/tj-shamsiddin-shohin/2025-11-26",
                out.get(10));
        assertTrue(out.get(15).startsWith("Backtest: 4 records (4 reports, 0 tombstones) in "), out.get(15));
        assertTrue(out.get(15).endsWith(" s; 0 dead-lettered; 0 reference records rejected"), out.get(15));
        assertEquals("Raised: 6 alerts, 7 messages (6 Alert, 1 Update, 0 AllClear, 0 Cancel), "
                + "first 2025-11-26T12:00:00Z, last 2025-12-03T06:00:00Z", out.get(16));
        assertTrue(out.contains("district-fatalities                 1          2         1         1         0"
                + "         0  "
                + "2025-11-26T12:00:00Z  2025-12-03T02:00:00Z"), r.out());
        assertTrue(out.contains("Extreme          4          4         3         1         0         0  "
                + "2025-11-26T12:00:00Z  2025-12-03T02:00:00Z"), r.out());
        assertTrue(out.contains("tj-shamsiddin-shohin         4          5         4         1         0         0  "
                + "2025-11-26T12:00:00Z  2025-12-03T06:00:00Z"), r.out());
        assertTrue(r.errorLines().contains("frontier-watch: backtest of 4 records (event-time order) with 5 rules"),
                r.err());
    }

    @Test
    void shouldCloseEveryAlertOfTheSeedScenarioWithOneAllClearWhenTheInputStaysQuietPastWindowAndGrace()
            throws IOException {
        CliRun r = CliRun.of("backtest", "--quiet-after", "P40D", "--output", "json",
                Fixtures.SEED_SCENARIO.toString());
        assertEquals(0, r.rc(), r.err());
        List<String> keys = keys(r.out());
        assertEquals(Fixtures.SEED_ALERTS, keys.subList(0, Fixtures.SEED_ALERTS.size()));
        List<String> closing = keys.subList(Fixtures.SEED_ALERTS.size(), keys.size());
        assertEquals(6, closing.size(), r.out());
        assertEquals(6, closing.stream().distinct().count(), "one AllClear per alert: " + closing);
        assertTrue(r.err().contains("Raised: 6 alerts, 13 messages (6 Alert, 1 Update, 6 AllClear, 0 Cancel)"),
                r.err());
    }

    @Test
    void shouldRejectANegativeQuietPeriod() {
        CliRun r = CliRun.of("backtest", "--quiet-after", "-PT1H", Fixtures.SEED_SCENARIO.toString());
        assertEquals(1, r.rc(), r.err());
        assertTrue(r.err().contains("--quiet-after '-PT1H' is negative"), r.err());
    }

    @Test
    void shouldPrintTheAlertJsonOnStdoutAndTheSummaryOnStderrWithJsonOutput() throws IOException {
        CliRun r = CliRun.of("backtest", "--output", "json", Fixtures.SEED_SCENARIO.toString());
        assertEquals(0, r.rc(), r.err());
        assertEquals(Fixtures.SEED_ALERTS, keys(r.out()));
        assertTrue(r.err().contains("Raised: 6 alerts, 7 messages"), r.err());
    }

    @Test
    void shouldReplayInEventTimeOrderSoThatAReportSentLateIsNotLate() throws IOException {
        Path file = dir.resolve("late.jsonl");
        Files.write(file, List.of(
                Fixtures.report("NEW-1", "2025-06-20T00:00:00Z").toString(),
                Fixtures.with(Fixtures.report("OLD-1", "2025-06-01T00:00:00Z"),
                        Map.of("sub_event_type", "Disrupted weapons use",
                                "event_type", "Strategic developments")).toString()));
        CliRun inputOrder = CliRun.of("backtest", "--order", "input", "--output", "json", file.toString());
        assertEquals(List.of(), keys(inputOrder.out()));
        assertTrue(inputOrder.err().contains("1 dead-lettered {late=1}"), inputOrder.err());

        CliRun eventTime = CliRun.of("backtest", "--output", "json", file.toString());
        assertEquals(List.of("Alert weapons-cache/OLD-1"), keys(eventTime.out()));
        assertTrue(eventTime.err().contains("0 dead-lettered;"), eventTime.err());
    }

    @Test
    void shouldPlaceATombstoneRightAfterTheReportItRetracts() throws IOException {
        String cache = Fixtures.with(Fixtures.report("C-1", "2025-06-10T00:00:00Z"), Map.of(
                "sub_event_type", "Disrupted weapons use", "event_type", "Strategic developments")).toString();
        String later = Fixtures.with(Fixtures.report("C-2", "2025-06-12T00:00:00Z"), Map.of(
                "sub_event_type", "Disrupted weapons use", "event_type", "Strategic developments")).toString();
        Path file = dir.resolve("retract.jsonl");
        Files.write(file, List.of(later, cache, "{\"tombstone\":\"C-1\"}"));
        CliRun r = CliRun.of("backtest", "--output", "json", file.toString());
        assertEquals(0, r.rc(), r.err());
        assertEquals(List.of("Alert weapons-cache/C-1", "Cancel weapons-cache/C-1", "Alert weapons-cache/C-2"),
                keys(r.out()));
        assertTrue(r.err().contains("Backtest: 3 records (2 reports, 1 tombstones)"), r.err());
    }

    @Test
    void shouldBacktestAnAcledExportAsItsImportWould() throws IOException {
        String acled = "src/test/resources/imports/acled-sample.csv";
        CliRun direct = CliRun.of("backtest", "--format", "acled", "--output", "json", acled);
        assertEquals(0, direct.rc(), direct.err());
        assertTrue(direct.errorLines().contains("frontier-watch: 5 row(s) could not be mapped to reports and are not "
                + "in the backtest"), direct.err());
        assertTrue(direct.errorLines().contains("frontier-watch: skipped " + acled
                + ":7: event_type 'Earthquake' is not an ACLED event type"), direct.err());
        List<String> keys = keys(direct.out());
        assertEquals("Alert foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26", keys.get(0));
        assertTrue(keys.contains("Alert repeat-attacks-on-nationals/TJ+CN/2025-11-26"), keys.toString());

        Path imported = dir.resolve("acled.jsonl");
        Files.writeString(imported, CliRun.of("import", "acled", acled).out());
        CliRun viaImport = CliRun.of("backtest", "--output", "json", imported.toString());
        assertEquals(keys, keys(viaImport.out()));
    }

    @Test
    void shouldRejectAnUnknownOrderMisplacedDeletionsAndAMissingFile() {
        CliRun order = CliRun.of("backtest", "--order", "random", Fixtures.SEED_SCENARIO.toString());
        assertEquals(1, order.rc());
        assertEquals(List.of("frontier-watch: --order must be event-time or input, was 'random'"), order.errorLines());
        CliRun deletions = CliRun.of("backtest", "--format", "ucdp", "--deletions", "d.csv", "x.csv");
        assertEquals(1, deletions.rc());
        assertEquals(List.of("frontier-watch: --deletions is for ACLED's Deletions export only (--format acled)"),
                deletions.errorLines());
        CliRun missing = CliRun.of("backtest", "nowhere.jsonl");
        assertEquals(1, missing.rc());
        assertEquals(List.of("frontier-watch: nowhere.jsonl: file not found"), missing.errorLines());
    }
}
