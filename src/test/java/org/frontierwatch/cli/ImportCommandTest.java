package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code import}: report lines on stdout, tombstones for deletions, skipped rows named, exit codes. */
class ImportCommandTest {

    static final String ACLED = "src/test/resources/imports/acled-sample.csv";
    static final String DELETIONS = "src/test/resources/imports/acled-deletions.csv";
    static final String UCDP = "src/test/resources/imports/ucdp-ged-sample.csv";

    @Test
    void shouldPrintReportsAndTombstonesAndNameEverySkippedRow() {
        CliRun r = CliRun.of("import", "acled", ACLED, "--deletions", DELETIONS);
        assertEquals(1, r.rc(), "skipped rows make the exit code 1");
        List<String> out = r.out().lines().toList();
        assertEquals(6, out.size(), r.out());
        assertTrue(out.get(0).startsWith("{\"id\":\"TJK9001\",\"revision\":1,\"occurred_at\":\"2025-11-26T00:00:00Z\""),
                out.get(0));
        assertEquals("{\"tombstone\":\"TJK9006\"}", out.get(5));
        assertEquals(List.of(
                "frontier-watch: skipped " + ACLED + ":7: event_type 'Earthquake' is not an ACLED event type",
                "frontier-watch: skipped " + ACLED
                        + ":8: event_date '2025/12/01' is neither YYYY-MM-DD nor dd Month yyyy",
                "frontier-watch: skipped " + ACLED + ":10: country 'Atlantis' (iso '999') is not an ISO 3166 country",
                "frontier-watch: skipped " + ACLED + ":11: fatalities 'three' is not a non-negative whole number",
                "frontier-watch: skipped " + ACLED + ":12: 8 fields, the header has 31",
                "frontier-watch: skipped " + DELETIONS
                        + ":3: deleted_timestamp 'yesterday' is not a Unix time in seconds",
                "frontier-watch: 12 rows read, wrote 6 records (5 reports, 1 tombstones), skipped 6 rows"),
                r.errorLines());
    }

    @Test
    void shouldExitZeroWhenEveryRowMaps() {
        CliRun r = CliRun.of("import", "ucdp", UCDP);
        assertEquals(1, r.rc(), "the sample has three unmappable rows");
        assertEquals(4, r.out().lines().count());
        assertEquals("frontier-watch: 7 rows read, wrote 4 records (4 reports, 0 tombstones), skipped 3 rows",
                r.errorLines().get(r.errorLines().size() - 1));
    }

    @Test
    void shouldRefuseDeletionsForUcdpAndAMissingFile() {
        CliRun ucdp = CliRun.of("import", "ucdp", UCDP, "--deletions", DELETIONS);
        assertEquals(1, ucdp.rc());
        assertEquals(List.of("frontier-watch: --deletions is for ACLED's Deletions export only"), ucdp.errorLines());
        CliRun missing = CliRun.of("import", "acled", "no-such-export.csv");
        assertEquals(1, missing.rc());
        assertEquals(List.of("frontier-watch: no-such-export.csv: file not found"), missing.errorLines());
    }

    @Test
    void shouldExitTwoForAnUnknownFormat() {
        assertEquals(2, CliRun.of("import", "gdelt", ACLED).rc());
    }

    @Test
    void shouldRecogniseOnlyASingleTombstoneFieldAsATombstoneLine() {
        assertEquals("TJK9006", ProduceCommand.tombstoneKey("{\"tombstone\":\"TJK9006\"}"));
        assertEquals(null, ProduceCommand.tombstoneKey("{\"tombstone\":\"TJK9006\",\"id\":\"x\"}"));
        assertEquals(null, ProduceCommand.tombstoneKey("{\"id\":\"tombstone\"}"));
        assertEquals(null, ProduceCommand.tombstoneKey("{\"tombstone\":\"\"}"));
        assertEquals(null, ProduceCommand.tombstoneKey("{\"tombstone\": 3}"));
    }
}
