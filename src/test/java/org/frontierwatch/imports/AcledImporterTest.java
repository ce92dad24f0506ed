package org.frontierwatch.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACLED mapping on a small file in the export's column layout (invented rows, not ACLED data). */
class AcledImporterTest {

    static final Path SAMPLE = Path.of("src/test/resources/imports/acled-sample.csv");
    static final Path DELETIONS = Path.of("src/test/resources/imports/acled-deletions.csv");

    @TempDir
    Path dir;

    private static JsonNode tree(String json) throws IOException {
        return Json.mapper().readTree(json);
    }

    private static ImportResult sample() throws IOException {
        return AcledImporter.read(SAMPLE, DELETIONS);
    }

    @Test
    void shouldMapEveryFieldOfAnAcledRow() throws IOException {
        ReportRecord revised = sample().records().get(2);
        assertEquals("TJK9001", revised.key());
        assertEquals(tree("""
                {"id":"TJK9001","revision":2,"occurred_at":"2025-11-26T00:00:00Z","reported_at":"2025-11-28T03:20:00Z",
                 "event_type":"Explosions/Remote violence","sub_event_type":"Air/drone strike","country":"TJ",
                 "admin1":"Khatlon","admin2":"Shamsiddin Shohin","latitude":37.951,"longitude":70.118,
                 "geo_precision":2,"fatalities":4,"victim_nationalities":["CN","TJ"],"origin_country":"AF",
                 "actors":["Unidentified Armed Group (Afghanistan)","Civilians (China)","Labour Group (China)",
                           "Civilians (Tajikistan)"],
                 "source":"Invented Wire","sources":["Invented Wire"],"source_scale":"National",
                 "notes":"Revised: a drone hit a \\"mining\\" compound,\\nkilling four."}
                """), tree(revised.value()));
    }

    @Test
    void shouldSplitTheSourceColumnIntoIndependentSources() {
        assertEquals(List.of("Asia-Plus", "Xinhua", "Radio Ozodi"),
                AcledImporter.sources("Asia-Plus; Xinhua;  ;Radio Ozodi; Asia-Plus"));
        assertEquals(List.of(), AcledImporter.sources(" "));
        assertEquals(List.of(), AcledImporter.sources(null));
    }

    @Test
    void shouldOrderRowsByTimestampAndNumberRevisionsSoTheLaterUploadWins() throws IOException {
        List<ReportRecord> records = sample().records();
        assertEquals(List.of("TJK9001", "TJK9002", "TJK9001", "TJK9003", "TJK9006", "TJK9006"),
                records.stream().map(ReportRecord::key).toList());
        assertEquals(1, tree(records.get(0).value()).path("revision").intValue());
        assertEquals(3, tree(records.get(0).value()).path("fatalities").intValue(), "the earlier upload is revision 1");
        assertEquals(2, tree(records.get(2).value()).path("revision").intValue());
    }

    @Test
    void shouldTurnDeletionsIntoTombstonesAtTheirDeletedTimestamp() throws IOException {
        List<ReportRecord> records = sample().records();
        assertEquals(new ReportRecord("TJK9006", null), records.get(5));
        assertTrue(records.get(4).value().contains("\"To be deleted.\""), "the deleted event's report comes first");
    }

    @Test
    void shouldReadTheOlderDayMonthYearDatesAndTakeNoOriginFromAPeriod() throws IOException {
        JsonNode darvoz = tree(sample().records().get(1).value());
        assertEquals("2025-11-30T00:00:00Z", darvoz.path("occurred_at").asText());
        assertEquals(List.of("CN"), List.of(darvoz.path("victim_nationalities").get(0).asText()));
        // "Military Forces of Afghanistan (2021-)": the parentheses hold a period, not a country
        assertNull(darvoz.get("origin_country"));
    }

    @Test
    void shouldFallBackToLocationAndCountryNameWhenAdmin2AndIsoAreEmpty() throws IOException {
        JsonNode panj = tree(sample().records().get(3).value());
        assertEquals("Panj", panj.path("admin2").asText());
        assertEquals("TJ", panj.path("country").asText());
        assertEquals(3, panj.path("geo_precision").intValue());
        assertEquals(0, panj.path("fatalities").intValue());
        assertNull(panj.get("victim_nationalities"), "no civilians named");
        assertNull(panj.get("origin_country"), "the attackers of actor2 do not make an origin");
    }

    @Test
    void shouldReportTheLineAndReasonOfEveryUnmappableAcledRow() throws IOException {
        ImportResult r = sample();
        assertEquals(12, r.rows(), "10 rows of the export and 2 of the deletions");
        assertEquals(List.of(
                SAMPLE + ":7: event_type 'Earthquake' is not an ACLED event type",
                SAMPLE + ":8: event_date '2025/12/01' is neither YYYY-MM-DD nor dd Month yyyy",
                SAMPLE + ":10: country 'Atlantis' (iso '999') is not an ISO 3166 country",
                SAMPLE + ":11: fatalities 'three' is not a non-negative whole number",
                SAMPLE + ":12: 8 fields, the header has 31",
                DELETIONS + ":3: deleted_timestamp 'yesterday' is not a Unix time in seconds"), r.skipped());
    }

    @Test
    void shouldRejectAFileWithoutTheCodebookColumns() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "id,date\n1,2025-01-01\n");
        IOException e = assertThrows(IOException.class, () -> AcledImporter.read(file, null));
        assertTrue(e.getMessage().startsWith(file + ": missing column(s) [event_date, event_id_cnty, event_type, "
                + "timestamp] in the header"), e.getMessage());
    }

    @Test
    void shouldReportATimestampThatIsNotUnixTimeAndASubEventTypeOfAnotherType() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, """
                event_id_cnty,event_date,event_type,sub_event_type,country,admin2,timestamp
                A1,2025-01-01,Battles,Armed clash,Tajikistan,Panj,2025-01-02
                A2,2025-01-01,Battles,Air/drone strike,Tajikistan,Panj,1735776000
                A3,2025-01-01,Battles,Armed clash,Tajikistan,,1735776000
                """);
        assertEquals(List.of(
                file + ":2: timestamp '2025-01-02' is not a Unix time in seconds",
                file + ":3: sub_event_type 'Air/drone strike' is not a sub-event type of 'Battles'",
                file + ":4: no admin2 and no location: the report needs a district"),
                AcledImporter.read(file, null).skipped());
    }

    @Test
    void shouldNumberRevisionsAcrossSeveralExportsByTimestamp() throws IOException {
        Path later = dir.resolve("later.csv");
        Files.writeString(later, """
                event_id_cnty,event_date,event_type,sub_event_type,country,admin2,fatalities,timestamp
                TJK9002,2025-11-30,Violence against civilians,Attack,Tajikistan,Darvoz,5,1764900000
                TJK9002,2025-11-30,Violence against civilians,Attack,Tajikistan,Darvoz,1,1764000000
                """);
        List<ReportRecord> records = AcledImporter.read(List.of(SAMPLE, later), null).records();
        List<JsonNode> darvoz = new ArrayList<>();
        for (ReportRecord r : records) {
            if (r.key().equals("TJK9002")) {
                darvoz.add(tree(r.value()));
            }
        }
        assertEquals(List.of(1, 2, 3), darvoz.stream().map(n -> n.path("revision").intValue()).toList());
        assertEquals(List.of(1, 2, 5), darvoz.stream().map(n -> n.path("fatalities").intValue()).toList(),
                "the oldest upload (second file) first, the newest last");
    }

    @Test
    void shouldRefuseAFileThatIsNotUtf8WithOneLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "event_id_cnty,event_date,event_type,timestamp\nA1,2025-01-01,Battles,1,Ni\u00f1o\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> AcledImporter.read(file, null));
        assertEquals(file + ": not UTF-8 (a malformed byte sequence); ACLED and UCDP export UTF-8", e.getMessage());
    }

    @Test
    void shouldNameCountriesAsAcledAndUcdpSpellThem() {
        assertEquals("TJ", CountryCodes.byName("Tajikistan"));
        assertEquals("CD", CountryCodes.byName("Democratic Republic of Congo"));
        assertEquals("CD", CountryCodes.byName("DR Congo (Zaire)"));
        assertEquals("CI", CountryCodes.byName("Ivory Coast"));
        assertEquals("CI", CountryCodes.byName("Côte d'Ivoire"));
        assertEquals("TR", CountryCodes.byName("Turkey"));
        assertEquals("MM", CountryCodes.byName("Myanmar (Burma)"));
        assertEquals("RU", CountryCodes.byName("Russia (Soviet Union)"));
        assertEquals("XK", CountryCodes.byName("Kosovo"));
        assertEquals("TJ", CountryCodes.byNumeric("762"));
        assertEquals("AF", CountryCodes.byNumeric("4"));
        assertNull(CountryCodes.byName("2021-"));
        assertNull(CountryCodes.byName("International"));
    }
}
