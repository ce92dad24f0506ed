package org.frontierwatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;

/**
 * Reads report files (JSON lines, docs/data-formats.md), as {@code backtest} and the rule tests' {@code input} and
 * {@code input_file} feed them. Consumes a file, one line or one JSON object; produces {@link ReportRecord}s: a report
 * keyed by its {@code id}, or for {@code {"tombstone": ID}} a tombstone keyed {@code ID}.
 */
public final class ReportLines {

    private ReportLines() {
    }

    /** The record a {@code {"tombstone": ID}} object stands for, or null when the object is not one. */
    public static ReportRecord tombstone(JsonNode r) {
        if (r.size() == 1 && r.path("tombstone").isTextual()) {
            return new ReportRecord(r.get("tombstone").textValue(), null);
        }
        return null;
    }

    /**
     * Reads a JSON-lines input file: each line a report, keyed by its {@code id}, or {@code {"tombstone": ID}}.
     * Lines that are not JSON are sent as they are (and dead-lettered, as the processor would).
     */
    public static List<ReportRecord> read(Path path) throws IOException {
        List<ReportRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            if (line.isBlank()) {
                continue;
            }
            records.add(record(line));
        }
        return records;
    }

    /** One line of a JSON-lines input: a report keyed by its {@code id}, or a tombstone. */
    public static ReportRecord record(String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException e) {
            return new ReportRecord(null, line);
        }
        if (node != null && node.isObject()) {
            ReportRecord tombstone = tombstone(node);
            if (tombstone != null) {
                return tombstone;
            }
            JsonNode id = node.get("id");
            return new ReportRecord(id != null && id.isTextual() ? id.textValue() : null, line);
        }
        return new ReportRecord(null, line);
    }
}
