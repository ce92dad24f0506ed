package org.frontierwatch.model;

/**
 * A record for the {@code incident-reports} topic as producers send it: the key (the report's {@code id}) and the
 * report JSON; a null {@code value} is a tombstone, which retracts the incident. Produced by the importers and the
 * input readers of {@code rules test} and {@code backtest}; consumed by the offline topology and {@code produce}.
 */
public record ReportRecord(String key, String value) {

    public boolean isTombstone() {
        return value == null;
    }
}
