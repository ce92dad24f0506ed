package org.frontierwatch.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;
import org.junit.jupiter.api.Test;

/** The UCDP GED mapping on a small file in the GED column layout (invented rows). */
class UcdpImporterTest {

    static final Path SAMPLE = Path.of("src/test/resources/imports/ucdp-ged-sample.csv");

    private static JsonNode tree(String json) throws IOException {
        return Json.mapper().readTree(json);
    }

    @Test
    void shouldMapEveryFieldOfAGedRow() throws IOException {
        ReportRecord first = UcdpImporter.read(SAMPLE).records().get(0);
        assertEquals("UCDP-900001", first.key());
        assertEquals(tree("""
                {"id":"UCDP-900001","revision":1,"occurred_at":"2024-03-05T00:00:00Z","event_type":"Battles",
                 "sub_event_type":"Armed clash","country":"AF","admin1":"Kunduz","admin2":"Imam Sahib",
                 "latitude":37.18,"longitude":68.92,"geo_precision":1,"fatalities":5,
                 "actors":["Government of Afghanistan","IS"],
                 "source":"Invented Agency,2024-03-05,\\"Clash in Imam Sahib\\""}
                """), tree(first.value()));
    }

    @Test
    void shouldMapOneSidedViolenceToViolenceAgainstCiviliansAndFallBackToWhereCoordinates() throws IOException {
        JsonNode oneSided = tree(UcdpImporter.read(SAMPLE).records().get(1).value());
        assertEquals("Violence against civilians", oneSided.path("event_type").asText());
        assertEquals("Attack", oneSided.path("sub_event_type").asText());
        assertEquals("Kunduz", oneSided.path("admin2").asText(), "no adm_2: where_coordinates, without 'province'");
        assertEquals(3, oneSided.path("geo_precision").intValue(), "where_prec 4 (first-order admin) -> 3");
        assertEquals(4, oneSided.path("fatalities").intValue());
        JsonNode nonState = tree(UcdpImporter.read(SAMPLE).records().get(2).value());
        assertEquals("Battles", nonState.path("event_type").asText(), "type_of_violence 2");
        assertEquals("TJ", nonState.path("country").asText());
        assertEquals("Shamsiddin Shohin", nonState.path("admin2").asText());
        assertEquals(2, nonState.path("geo_precision").intValue(), "where_prec 3 (second-order admin) -> 2");
    }

    @Test
    void shouldMakeARepeatedIdALaterRevisionInFileOrder() throws IOException {
        List<ReportRecord> records = UcdpImporter.read(SAMPLE).records();
        assertEquals(List.of("UCDP-900001", "UCDP-900002", "UCDP-900003", "UCDP-900001"),
                records.stream().map(ReportRecord::key).toList());
        JsonNode revised = tree(records.get(3).value());
        assertEquals(2, revised.path("revision").intValue());
        assertEquals(6, revised.path("fatalities").intValue());
        assertEquals("2024-03-05T00:00:00Z", revised.path("occurred_at").asText(), "a date without time of day");
    }

    @Test
    void shouldReportTheLineAndReasonOfEveryUnmappableGedRow() throws IOException {
        ImportResult r = UcdpImporter.read(SAMPLE);
        assertEquals(7, r.rows());
        assertEquals(List.of(
                SAMPLE + ":6: type_of_violence '4' is not 1, 2 or 3",
                SAMPLE + ":7: date_start '5 March' is not a date YYYY-MM-DD",
                SAMPLE + ":8: country 'Westeros' is not an ISO 3166 country"), r.skipped());
    }
}
