package org.frontierwatch.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.frontierwatch.serde.Json;

/**
 * Converts a UCDP Georeferenced Event Dataset (GED) export (CSV, CC BY 4.0) into incident report records. Consumes
 * the file; produces one report per row in file order (a repeated {@code id} is a higher revision), and lists rows
 * that cannot be mapped with their line and reason. The mapping, field by field, is in docs/data-formats.md
 * ("Importing UCDP GED").
 */
public final class UcdpImporter {

    static final Set<String> REQUIRED = Set.of("id", "date_start", "country", "type_of_violence", "best");

    private UcdpImporter() {
    }

    public static ImportResult read(Path file) throws IOException {
        return read(List.of(file));
    }

    /** Several exports read as one, in the order given (a repeated id in a later file is a later revision). */
    public static ImportResult read(List<Path> files) throws IOException {
        List<ImportRows.Mapped> mapped = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long rows = ImportRows.readExports(files, REQUIRED, UcdpImporter::row, mapped, skipped);
        return new ImportResult(ImportRows.records(mapped), rows, skipped);
    }

    static ImportRows.Mapped row(CsvReader.Row row, int file) throws ImportRows.Unmappable {
        String ucdpId = row.get("id");
        if (!ucdpId.matches("[0-9A-Za-z_.-]{1,64}")) {
            throw new ImportRows.Unmappable("id '" + ucdpId + "' is empty or not a UCDP event id");
        }
        String id = "UCDP-" + ucdpId;
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("id", id);
        String date = row.get("date_start");
        try {
            // "2024-03-05", or with a time of day as some GED releases write it: "2024-03-05 00:00:00.000"
            LocalDate day = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
            r.put("occurred_at", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        } catch (DateTimeParseException e) {
            throw new ImportRows.Unmappable("date_start '" + date + "' is not a date YYYY-MM-DD");
        }
        String violence = row.get("type_of_violence");
        switch (violence) {
            case "1", "2" -> {
                r.put("event_type", "Battles");
                r.put("sub_event_type", "Armed clash");
            }
            case "3" -> {
                r.put("event_type", "Violence against civilians");
                r.put("sub_event_type", "Attack");
            }
            default -> throw new ImportRows.Unmappable("type_of_violence '" + violence + "' is not 1, 2 or 3");
        }
        String country = CountryCodes.byName(row.get("country"));
        if (country == null) {
            throw new ImportRows.Unmappable("country '" + row.get("country") + "' is not an ISO 3166 country");
        }
        r.put("country", country);
        AcledImporter.putIfPresent(r, "admin1", withoutSuffix(row.get("adm_1")));
        String admin2 = withoutSuffix(row.get("adm_2"));
        if (admin2.isEmpty()) {
            admin2 = withoutSuffix(row.get("where_coordinates"));
        }
        if (admin2.isEmpty()) {
            throw new ImportRows.Unmappable("no adm_2 and no where_coordinates: the report needs a district");
        }
        r.put("admin2", admin2);
        AcledImporter.coordinates(row, r, "latitude", "longitude");
        String where = row.get("where_prec");
        if (!where.isEmpty()) {
            r.put("geo_precision", switch (where) {
                case "1", "2" -> 1;
                case "3" -> 2;
                case "4", "5", "6", "7" -> 3;
                default -> throw new ImportRows.Unmappable("where_prec '" + where + "' is not 1 to 7");
            });
        }
        r.put("fatalities", AcledImporter.count(row, "best"));
        List<String> actors = AcledImporter.actors(row, "side_a", "side_b");
        if (!actors.isEmpty()) {
            ArrayNode list = r.putArray("actors");
            actors.forEach(list::add);
        }
        AcledImporter.putIfPresent(r, "source", row.get("source_article"));
        // No revision time in GED: file order decides (a later row of the same id is a higher revision).
        return new ImportRows.Mapped(id, 0, file, row.line(), r);
    }

    /** GED names administrative units with their kind: "Kunduz province", "Imam Sahib district". */
    static String withoutSuffix(String name) {
        return name.replaceAll("(?i)\\s+(province|district|region|governorate|oblast)$", "").strip();
    }
}
