package org.frontierwatch.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.serde.Json;
import org.frontierwatch.validation.AcledTaxonomy;

/**
 * Converts an ACLED export (CSV with the codebook's columns) and optionally ACLED's Deletions export into incident
 * report records. Consumes the files; produces the records ordered by ACLED's {@code timestamp} (upload time), so
 * that a later version of an event is a higher {@code revision}, with deleted events as tombstones at their
 * {@code deleted_timestamp}; rows that cannot be mapped are listed with their line and reason. The mapping, field by
 * field, is in docs/data-formats.md ("Importing ACLED").
 */
public final class AcledImporter {

    static final Set<String> REQUIRED = Set.of("event_id_cnty", "event_date", "event_type", "timestamp");
    static final Set<String> DELETION_COLUMNS = Set.of("event_id_cnty", "deleted_timestamp");
    private static final DateTimeFormatter OLD_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    /** ACLED names foreign civilians by nationality: "Civilians (China)". */
    private static final Pattern CIVILIANS = Pattern.compile("^Civilians \\(([^()]+)\\)$");
    /** The last parenthesised part of an actor's name: "Unidentified Armed Group (Afghanistan)", or "(2021-)". */
    private static final Pattern LAST_PARENS = Pattern.compile("\\(([^()]+)\\)\\s*$");

    private AcledImporter() {
    }

    /** @param deletions ACLED's Deletions export, or null */
    public static ImportResult read(Path file, Path deletions) throws IOException {
        return read(List.of(file), deletions);
    }

    /**
     * Several exports read as one (revisions are numbered across them, by {@code timestamp}).
     *
     * @param deletions ACLED's Deletions export, or null
     */
    public static ImportResult read(List<Path> files, Path deletions) throws IOException {
        List<ImportRows.Mapped> mapped = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long rows = ImportRows.readExports(files, REQUIRED, AcledImporter::row, mapped, skipped);
        if (deletions != null) {
            rows += ImportRows.readAll(deletions, DELETION_COLUMNS, row -> mapped.add(deletion(row, files.size())),
                    skipped);
        }
        return new ImportResult(ImportRows.records(mapped), rows, skipped);
    }

    static ImportRows.Mapped deletion(CsvReader.Row row, int file) throws ImportRows.Unmappable {
        String id = row.get("event_id_cnty");
        if (id.isEmpty()) {
            throw new ImportRows.Unmappable("event_id_cnty is empty");
        }
        return new ImportRows.Mapped(id, unixTime(row, "deleted_timestamp"), file, row.line(), null);
    }

    static ImportRows.Mapped row(CsvReader.Row row, int file) throws ImportRows.Unmappable {
        String id = row.get("event_id_cnty");
        if (id.isEmpty()) {
            throw new ImportRows.Unmappable("event_id_cnty is empty");
        }
        long timestamp = unixTime(row, "timestamp");
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("id", id);
        r.put("occurred_at", date(row.get("event_date")).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        r.put("reported_at", Instant.ofEpochSecond(timestamp).toString());
        String eventType = row.get("event_type");
        if (!AcledTaxonomy.isEventType(eventType)) {
            throw new ImportRows.Unmappable("event_type '" + eventType + "' is not an ACLED event type");
        }
        r.put("event_type", eventType);
        String subEventType = row.get("sub_event_type");
        if (!subEventType.isEmpty()) {
            if (!AcledTaxonomy.isSubEventTypeOf(eventType, subEventType)) {
                throw new ImportRows.Unmappable("sub_event_type '" + subEventType + "' is not a sub-event type of '"
                        + eventType + "'");
            }
            r.put("sub_event_type", subEventType);
        }
        String country = country(row);
        r.put("country", country);
        putIfPresent(r, "admin1", row.get("admin1"));
        String admin2 = row.get("admin2");
        if (admin2.isEmpty()) {
            admin2 = row.get("location");
        }
        if (admin2.isEmpty()) {
            throw new ImportRows.Unmappable("no admin2 and no location: the report needs a district");
        }
        r.put("admin2", admin2);
        coordinates(row, r, "latitude", "longitude");
        String geo = row.get("geo_precision");
        if (!geo.isEmpty()) {
            if (!geo.matches("[123]")) {
                throw new ImportRows.Unmappable("geo_precision '" + geo + "' is not 1, 2 or 3");
            }
            r.put("geo_precision", Integer.parseInt(geo));
        }
        r.put("fatalities", count(row, "fatalities"));
        Set<String> victims = new LinkedHashSet<>();
        for (String actor : actors(row, "actor2", "assoc_actor_2")) {
            Matcher m = CIVILIANS.matcher(actor);
            if (m.matches()) {
                String code = CountryCodes.byName(m.group(1));
                if (code != null) {
                    victims.add(code);
                }
            }
        }
        if (!victims.isEmpty()) {
            ArrayNode list = r.putArray("victim_nationalities");
            victims.forEach(list::add);
        }
        String origin = origin(row.get("actor1"), country);
        if (origin != null) {
            r.put("origin_country", origin);
        }
        List<String> actors = actors(row, "actor1", "assoc_actor_1", "actor2", "assoc_actor_2");
        if (!actors.isEmpty()) {
            ArrayNode list = r.putArray("actors");
            actors.forEach(list::add);
        }
        putIfPresent(r, "source", row.get("source"));
        List<String> sources = sources(row.get("source"));
        if (!sources.isEmpty()) {
            ArrayNode list = r.putArray("sources");
            sources.forEach(list::add);
        }
        putIfPresent(r, "source_scale", row.get("source_scale"));
        putIfPresent(r, "notes", row.get("notes"));
        return new ImportRows.Mapped(id, timestamp, file, row.line(), r);
    }

    /**
     * ACLED's {@code source} column names each source an event was coded from, separated by semicolons
     * ("Asia-Plus; Xinhua"): one element each, blanks dropped, at most {@link IncidentReport#MAX_SOURCES}.
     */
    static List<String> sources(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        return Arrays.stream(column.split(";")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                .limit(IncidentReport.MAX_SOURCES).toList();
    }

    /** An attacker named with another country in parentheses comes from there; not a period such as "(2021-)". */
    static String origin(String actor1, String country) {
        if (actor1.isEmpty() || actor1.startsWith("Civilians")) {
            return null;
        }
        Matcher m = LAST_PARENS.matcher(actor1);
        if (!m.find()) {
            return null;
        }
        String code = CountryCodes.byName(m.group(1));
        return code != null && !code.equals(country) ? code : null;
    }

    static LocalDate date(String text) throws ImportRows.Unmappable {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text, OLD_DATE);
            } catch (DateTimeParseException e2) {
                throw new ImportRows.Unmappable("event_date '" + text + "' is neither YYYY-MM-DD nor dd Month yyyy");
            }
        }
    }

    private static String country(CsvReader.Row row) throws ImportRows.Unmappable {
        String iso = row.get("iso");
        String code = CountryCodes.byNumeric(iso);
        if (code == null) {
            code = CountryCodes.byName(row.get("country"));
        }
        if (code == null) {
            throw new ImportRows.Unmappable("country '" + row.get("country") + "' (iso '" + iso
                    + "') is not an ISO 3166 country");
        }
        return code;
    }

    static long unixTime(CsvReader.Row row, String column) throws ImportRows.Unmappable {
        String text = row.get(column);
        if (!text.matches("\\d{1,12}")) {
            throw new ImportRows.Unmappable(column + " '" + text + "' is not a Unix time in seconds");
        }
        return Long.parseLong(text);
    }

    static int count(CsvReader.Row row, String column) throws ImportRows.Unmappable {
        String text = row.get(column);
        if (text.isEmpty()) {
            return 0;
        }
        if (!text.matches("\\d{1,9}")) {
            throw new ImportRows.Unmappable(column + " '" + text + "' is not a non-negative whole number");
        }
        return Integer.parseInt(text);
    }

    static void coordinates(CsvReader.Row row, ObjectNode r, String latColumn, String lonColumn)
            throws ImportRows.Unmappable {
        for (String[] c : new String[][] {{latColumn, "latitude"}, {lonColumn, "longitude"}}) {
            String text = row.get(c[0]);
            if (text.isEmpty()) {
                continue;
            }
            try {
                double v = Double.parseDouble(text);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new NumberFormatException();
                }
                r.put(c[1], v);
            } catch (NumberFormatException e) {
                throw new ImportRows.Unmappable(c[0] + " '" + text + "' is not a number");
            }
        }
    }

    static List<String> actors(CsvReader.Row row, String... columns) {
        List<String> out = new ArrayList<>();
        for (String column : columns) {
            for (String part : row.get(column).split(";")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    static void putIfPresent(ObjectNode r, String field, String value) {
        if (!value.isEmpty()) {
            r.put(field, value);
        }
    }
}
