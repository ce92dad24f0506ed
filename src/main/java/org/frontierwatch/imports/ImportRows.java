package org.frontierwatch.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;

/**
 * What the importers share: consumes mapped rows (a report without its revision, or a deletion) with the time that
 * orders their revisions; produces the records in that order with {@code revision} numbered per id (1 for the first
 * version, each later row of the same id one higher; deletions are tombstones and take no number). Also opens CSV
 * files (UTF-8, malformed bytes reported) and checks their header.
 */
final class ImportRows {

    /** A row that mapped: its id, the time that orders it among its id's revisions, where it came from, the report. */
    record Mapped(String id, long orderTime, int file, long line, ObjectNode report) {
    }

    /** Thrown for a row that cannot be mapped; the message is the reason. */
    static final class Unmappable extends Exception {
        private static final long serialVersionUID = 1L;

        Unmappable(String reason) {
            super(reason, null, false, false);
        }
    }

    private ImportRows() {
    }

    static CsvReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": file not found");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new BufferedReader(Channels.newReader(Files.newByteChannel(file), decoder, -1), 1 << 16);
        try {
            return new CsvReader(reader);
        } catch (CharacterCodingException e) {
            reader.close();
            throw notUtf8(file, e);
        } catch (IOException e) {
            reader.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static void requireColumns(Path file, List<String> header, Set<String> required) throws IOException {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(header);
        if (!missing.isEmpty()) {
            throw new IOException(file + ": missing column(s) " + missing + " in the header (is this the right "
                    + "format?); header: " + header);
        }
    }

    /** Reads a whole CSV file through {@code mapper}; unmappable rows go to {@code skipped} as FILE:LINE: reason. */
    static long readAll(Path file, Set<String> required, RowMapper mapper, List<String> skipped) throws IOException {
        long rows = 0;
        try (CsvReader csv = open(file)) {
            requireColumns(file, csv.header(), required);
            CsvReader.Row row;
            while ((row = nextRow(file, csv)) != null) {
                rows++;
                if (row.fields() != csv.header().size()) {
                    skipped.add(file + ":" + row.line() + ": " + row.fields() + " fields, the header has "
                            + csv.header().size());
                    continue;
                }
                try {
                    mapper.map(row);
                } catch (Unmappable e) {
                    skipped.add(file + ":" + row.line() + ": " + e.getMessage());
                }
            }
        }
        return rows;
    }

    private static CsvReader.Row nextRow(Path file, CsvReader csv) throws IOException {
        try {
            return csv.nextRow();
        } catch (CharacterCodingException e) {
            throw notUtf8(file, e);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static IOException notUtf8(Path file, CharacterCodingException e) {
        return new IOException(file + ": not UTF-8 (a malformed byte sequence); ACLED and UCDP export UTF-8", e);
    }

    interface RowMapper {
        void map(CsvReader.Row row) throws Unmappable;
    }

    /** Maps one row of the {@code file}-th export given (revisions are numbered across the exports). */
    interface ExportRowMapper {
        Mapped map(CsvReader.Row row, int file) throws Unmappable;
    }

    /** Reads every export through {@link #readAll}, adding each mapped row to {@code mapped}; returns the rows read. */
    static long readExports(List<Path> files, Set<String> required, ExportRowMapper mapper, List<Mapped> mapped,
                            List<String> skipped) throws IOException {
        long rows = 0;
        for (int i = 0; i < files.size(); i++) {
            int file = i;
            rows += readAll(files.get(i), required, row -> mapped.add(mapper.map(row, file)), skipped);
        }
        return rows;
    }

    /**
     * Orders by time, then file and line; numbers revisions per id; renders JSON with {@code id} and {@code revision}
     * first.
     */
    static List<ReportRecord> records(List<Mapped> mapped) {
        List<Mapped> sorted = new ArrayList<>(mapped);
        sorted.sort(Comparator.comparingLong(Mapped::orderTime).thenComparingInt(Mapped::file)
                .thenComparingLong(Mapped::line));
        Map<String, Integer> revisions = new HashMap<>();
        List<ReportRecord> out = new ArrayList<>(sorted.size());
        for (Mapped m : sorted) {
            if (m.report() == null) {
                out.add(new ReportRecord(m.id(), null));
                continue;
            }
            int revision = revisions.merge(m.id(), 1, Integer::sum);
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("id", m.id());
            node.put("revision", revision);
            m.report().fields().forEachRemaining(e -> {
                if (!e.getKey().equals("id")) {
                    node.set(e.getKey(), e.getValue());
                }
            });
            try {
                out.add(new ReportRecord(m.id(), Json.mapper().writeValueAsString(node)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
