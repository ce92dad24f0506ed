package org.frontierwatch.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tallies a backtest: consumes each alert message (with the event time it describes) and each input record's
 * fate; produces the summary tables: alerts (distinct keys) and messages per rule, per severity and per district,
 * each with the first and last event time a message was raised at, plus the input's counts and dead letters.
 */
public final class BacktestSummary {

    /** One row of a table. */
    static final class Row {
        final Set<String> keys = new HashSet<>();
        long messages;
        long alerts;
        long updates;
        long cancels;
        long allClears;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(String key, String msgType, long asOf) {
            keys.add(key);
            messages++;
            switch (msgType) {
                case "Alert" -> alerts++;
                case "Update" -> updates++;
                case "Cancel" -> cancels++;
                case "AllClear" -> allClears++;
                default -> { }
            }
            first = Math.min(first, asOf);
            last = Math.max(last, asOf);
        }
    }

    private final Map<String, Row> byRule = new TreeMap<>();
    private final Map<String, Row> bySeverity = new LinkedHashMap<>();
    private final Map<String, Row> byDistrict = new TreeMap<>();
    private final Row total = new Row();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private long records;
    private long tombstones;
    private int referenceRejected;

    public BacktestSummary() {
        for (String s : List.of("Extreme", "Severe", "Moderate", "Minor", "Unknown")) {
            bySeverity.put(s, new Row());
        }
    }

    public void record(boolean tombstone) {
        records++;
        if (tombstone) {
            tombstones++;
        }
    }

    public void deadLetter(String reason) {
        deadLetters.merge(reason, 1L, Long::sum);
    }

    public void referenceRejected(int count) {
        referenceRejected = count;
    }

    /**
     * @param msgType    {@code Alert}, {@code Update}, {@code Cancel}, or {@code AllClear} for the closing Update
     * @param districtId the alert's {@code district_id}, null when its evidence spans districts
     * @param asOfMs     the event time the message describes
     */
    public void message(String key, String msgType, String ruleId, String severity, String districtId, long asOfMs) {
        total.add(key, msgType, asOfMs);
        byRule.computeIfAbsent(ruleId, r -> new Row()).add(key, msgType, asOfMs);
        bySeverity.computeIfAbsent(severity, s -> new Row()).add(key, msgType, asOfMs);
        byDistrict.computeIfAbsent(districtId == null ? "(several districts)" : districtId, d -> new Row())
                .add(key, msgType, asOfMs);
    }

    public long messages() {
        return total.messages;
    }

    public long alerts() {
        return total.keys.size();
    }

    public long records() {
        return records;
    }

    /** The summary as text tables; {@code topDistricts} bounds the district table (most messages first). */
    public List<String> render(long elapsedMs, int topDistricts) {
        List<String> out = new ArrayList<>();
        long dead = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        out.add(String.format(Locale.ROOT, "Backtest: %,d records (%,d reports, %,d tombstones) in %.1f s; "
                        + "%,d dead-lettered%s; %,d reference records rejected",
                records, records - tombstones, tombstones, elapsedMs / 1000.0, dead,
                deadLetters.isEmpty() ? "" : " " + deadLetters, referenceRejected));
        out.add(String.format(Locale.ROOT, "Raised: %,d alerts, %,d messages (%,d Alert, %,d Update, %,d AllClear, "
                        + "%,d Cancel), first %s, last %s", total.keys.size(), total.messages, total.alerts,
                total.updates, total.allClears, total.cancels, time(total.first), time(total.last)));
        out.add("");
        table(out, "rule", byRule, Integer.MAX_VALUE);
        out.add("");
        Map<String, Row> severities = new LinkedHashMap<>();
        bySeverity.forEach((s, r) -> {
            if (r.messages > 0) {
                severities.put(s, r);
            }
        });
        table(out, "severity", severities, Integer.MAX_VALUE);
        out.add("");
        table(out, "district", byDistrict, topDistricts);
        return out;
    }

    private static void table(List<String> out, String title, Map<String, Row> rows, int limit) {
        int width = Math.max(title.length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        String format = "%-" + width + "s  %8s  %9s  %8s  %8s  %8s  %8s  %-20s  %-20s";
        out.add(String.format(Locale.ROOT, format, title, "alerts", "messages", "Alert", "Update", "AllClear",
                "Cancel", "first", "last"));
        List<Map.Entry<String, Row>> entries = new ArrayList<>(rows.entrySet());
        if (limit < entries.size()) {
            entries.sort(Comparator.comparingLong((Map.Entry<String, Row> e) -> -e.getValue().messages)
                    .thenComparing(Map.Entry::getKey));
        }
        if (entries.isEmpty()) {
            out.add("(none)");
        }
        for (int i = 0; i < entries.size() && i < limit; i++) {
            Row r = entries.get(i).getValue();
            out.add(String.format(Locale.ROOT, format, entries.get(i).getKey(), n(r.keys.size()), n(r.messages),
                    n(r.alerts), n(r.updates), n(r.allClears), n(r.cancels), time(r.first), time(r.last)));
        }
        if (limit < entries.size()) {
            out.add(String.format(Locale.ROOT, "... and %,d more %ss (--top-districts N to list more)",
                    entries.size() - limit, title));
        }
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String time(long ms) {
        return ms == Long.MAX_VALUE || ms == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(ms).toString();
    }
}
