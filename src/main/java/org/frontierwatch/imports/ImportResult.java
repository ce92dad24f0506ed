package org.frontierwatch.imports;

import java.util.List;
import org.frontierwatch.model.ReportRecord;

/**
 * What an import produced: the report records (tombstones for deletions) in the order to send them, the rows it
 * read, and one line per row it could not map ({@code FILE:LINE: reason}).
 */
public record ImportResult(List<ReportRecord> records, long rows, List<String> skipped) {

    public ImportResult {
        records = List.copyOf(records);
        skipped = List.copyOf(skipped);
    }
}
