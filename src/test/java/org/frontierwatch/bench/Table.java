package org.frontierwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the benchmark's results JSON as the one plain-text table docs/performance.md quotes: consumes the results
 * tree {@link Benchmark} writes, produces the text with every shape side by side and issue 10's targets checked.
 */
final class Table {

    /** Growth of memory after warm-up under which a soak counts as flat. */
    static final double FLAT = 0.10;

    private Table() {
    }

    static String render(JsonNode r) {
        StringBuilder b = new StringBuilder();
        List<String> shapes = new ArrayList<>();
        r.path("shapes").fieldNames().forEachRemaining(shapes::add);
        List<String> notes = new ArrayList<>();
        header(b, r, shapes);
        catchUp(b, r, shapes, notes);
        alertOutput(b, r, shapes, notes);
        latency(b, r, shapes, notes);
        JsonNode soak = r.path("soak");
        soak(b, soak, notes);
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n");
            notes.forEach(n -> b.append("  ").append(n.length() > 300 ? n.substring(0, 300) + "..." : n).append('\n'));
        }
        targets(b, r, shapes, soak);
        return b.toString();
    }

    private static void header(StringBuilder b, JsonNode r, List<String> shapes) {
        JsonNode s = r.path("settings");
        b.append(String.format(Locale.ROOT, "Frontier Watch benchmark: git %s, %s, Kafka %s, %d CPUs, %,d reports per "
                        + "shape on %d partitions, median [min-max] of %d interleaved repeats%n",
                s.path("git_sha").asText(), s.path("jdk").asText(), s.path("kafka").asText(), s.path("cpus").asInt(),
                s.path("reports").asInt(), s.path("partitions").asInt(), s.path("repeats").asInt()));
        b.append("Shapes (history ends a day before the run; busiest = most new incidents of one district in 30 "
                + "days):\n");
        for (String shape : shapes) {
            JsonNode o = r.path("shapes").path(shape);
            b.append(String.format(Locale.ROOT, "  %-8s %s; mean %d B; busiest %s: %,d%n", shape,
                    o.path("description").asText(), o.path("mean_report_bytes").asInt(),
                    o.path("busiest_district").asText(), o.path("busiest_district_max_per_30_days").asInt()));
        }
    }

    private static void catchUp(StringBuilder b, JsonNode r, List<String> shapes, List<String> notes) {
        b.append(String.format(Locale.ROOT, "%n%-32s %-8s %-28s %-22s %-22s %s%n", "Catch-up from scratch", "shape",
                "records/s", "CPU-us/record", "peak RSS MiB", "/ ConsumerPerformance"));
        for (String shape : shapes) {
            JsonNode c = r.path("catch_up").path(shape);
            b.append(row("ConsumerPerformance (ceiling)", shape, c.path("consumer_performance_records_per_s"), null,
                    null, null));
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.endsWith("_records_per_s") && !k.startsWith("consumer_performance") && !k.contains("_warm_")) {
                    String mode = k.substring(0, k.length() - "_records_per_s".length());
                    b.append(row("Frontier Watch " + mode, shape, c.path(k), c.path(mode + "_cpu_us_per_record"),
                            c.path(mode + "_peak_rss_mib"), c.path(mode + "_over_consumer_performance")));
                    if (c.has(mode + "_warm_records_per_s")) {
                        b.append(row("  its second half (warm JIT)", shape, c.path(mode + "_warm_records_per_s"),
                                c.path(mode + "_warm_cpu_us_per_record"), null,
                                c.path(mode + "_warm_over_consumer_performance")));
                    }
                    double accepted = c.path(mode + "_accepted_new").path("median").asDouble(Double.NaN);
                    long expected = c.path("accepted_new_expected").asLong();
                    if (!Double.isNaN(accepted) && Math.round(accepted) != expected) {
                        notes.add(String.format(Locale.ROOT, "%s %s accepted %,.0f new incidents, the generator "
                                + "expected %,d", shape, mode, accepted, expected));
                    }
                }
            }
            c.path("failures").forEach(f -> notes.add(shape + " " + f.asText()));
        }
        StringBuilder ratios = new StringBuilder();
        for (String shape : shapes) {
            JsonNode c = r.path("catch_up").path(shape);
            if (c.has("exactly_once_over_at_least_once")) {
                ratios.append(String.format(Locale.ROOT, " %s %s", shape,
                        ratio(c.path("exactly_once_over_at_least_once").asDouble(Double.NaN))));
            }
        }
        if (ratios.length() > 0) {
            b.append("exactly-once / at-least-once:").append(ratios).append('\n');
        }
    }

    /** The alert messages each catch-up left on the alerts topic, per shape and mode (medians over the repeats). */
    private static void alertOutput(StringBuilder b, JsonNode r, List<String> shapes, List<String> notes) {
        String format = "%-24s %-8s %-16s %-12s %-10s %-8s %-8s %-10s %-10s %-10s %-10s %s%n";
        b.append(String.format(Locale.ROOT, "%n" + format, "Alert output (catch-up)", "shape", "mode", "messages",
                "/report", "keys", "max/key", "p99/key", "Alert", "Update", "AllClear", "Cancel"));
        for (String shape : shapes) {
            JsonNode c = r.path("catch_up").path(shape);
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.endsWith("_alert_output")) {
                    continue;
                }
                String mode = k.substring(0, k.length() - "_alert_output".length());
                JsonNode a = c.path(k);
                b.append(String.format(Locale.ROOT, format, "", shape, mode, median(a.path("messages"), false),
                        median(a.path("messages_per_report"), true), median(a.path("distinct_keys"), false),
                        median(a.path("max_per_key"), false), median(a.path("p99_per_key"), false),
                        median(a.path("alert"), false), median(a.path("update"), false),
                        median(a.path("all_clear"), false), median(a.path("cancel"), false)));
                for (String odd : List.of("other", "null_keys")) {
                    double n = a.path(odd).path("max").asDouble(0);
                    if (n > 0) {
                        String what = odd.equals("other") ? "that are no Alert, Update or Cancel" : "without a key";
                        notes.add(String.format(Locale.ROOT, "%s %s alert output: up to %,.0f messages %s", shape,
                                mode, n, what));
                    }
                }
                double messages = a.path("messages").path("median").asDouble(Double.NaN);
                double cap = a.path("cap_messages").path("median").asDouble(Double.NaN);
                if (!Double.isNaN(messages) && messages != cap) {
                    notes.add(String.format(Locale.ROOT, "%s %s: %,.0f alert messages but %,.0f CAP messages",
                            shape, mode, messages, cap));
                }
            }
        }
        b.append("(Update excludes AllClear: an Update whose response is AllClear; medians, [min-max] when repeats "
                + "differ)\n");
    }

    private static void latency(StringBuilder b, JsonNode r, List<String> shapes, List<String> notes) {
        b.append(String.format(Locale.ROOT, "%n%-14s %-8s %-10s %-24s %-24s %-24s %-24s %-24s %s%n",
                "Latency (EOS)", "shape", "offered/s", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                        "alerts"));
        List<String> clocks = new ArrayList<>();
        for (String shape : shapes) {
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("latency").path(shape).properties()
                    .iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> commit = it.next();
                String interval = "commit " + commit.getKey().replaceAll("\\D", "") + " ms";
                for (Iterator<Map.Entry<String, JsonNode>> rates = commit.getValue().properties()
                        .iterator(); rates.hasNext(); ) {
                    Map.Entry<String, JsonNode> rate = rates.next();
                    if (!rate.getKey().startsWith("offered_")) {
                        continue;
                    }
                    JsonNode q = rate.getValue();
                    b.append(String.format(Locale.ROOT, "%-14s %-8s %-10s %-24s %-24s %-24s %-24s %-24s %s%n",
                            interval, shape, rate.getKey().replaceAll("\\D", ""), cell(q.path("achieved_per_s")),
                            cell(q.path("p50_ms")), cell(q.path("p99_ms")), cell(q.path("p99_9_ms")),
                            cell(q.path("max_ms")), cell(q.path("alerts"))));
                }
                JsonNode live = commit.getValue();
                if (live.has("failure")) {
                    notes.add(shape + " latency " + interval + ": " + live.path("failure").asText());
                }
                double sent = live.path("live_reports_sent").asDouble(Double.NaN);
                double accepted = live.path("live_accepted_new").asDouble(Double.NaN);
                if (!Double.isNaN(sent) && accepted < sent) {
                    notes.add(String.format(Locale.ROOT, "%s latency %s: only %,.0f of %,.0f live reports accepted",
                            shape, interval, accepted, sent));
                }
                JsonNode clock = live.path("live_clock");
                if (clocks.stream().noneMatch(x -> x.startsWith(shape + " ")) && clock.has("step_ms_per_report")) {
                    long step = clock.path("step_ms_per_report").asLong();
                    clocks.add(String.format(Locale.ROOT, "%s %s per report (%.1f days per second at 2,000/s)",
                            shape, duration(step), step * 2000 / 86_400_000.0));
                } else if (clocks.stream().noneMatch(x -> x.startsWith(shape + " ")) && clock.has("kind")) {
                    clocks.add(shape + " now minus up to 60 s (wall clock)");
                }
            }
        }
        if (!clocks.isEmpty()) {
            b.append("Live event time: ").append(String.join("; ", clocks)).append('\n');
        }
    }

    private static void soak(StringBuilder b, JsonNode soak, List<String> notes) {
        if (!soak.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "%nSoak: %s, %d min at %d reports/s, first minute -> last minute "
                            + "(growth after warm-up): RSS %s -> %s MiB (%s), heap used %s -> %s MiB (%s), live heap "
                            + "after GC %s -> %s MiB (%s)%n", soak.path("shape").asText(), soak.path("minutes").asInt(),
                    soak.path("rate_per_s").asInt(), num(soak.path("rss_mib_first_minute").asDouble(Double.NaN)),
                    num(soak.path("rss_mib_last_minute").asDouble(Double.NaN)),
                    percent(soak.path("rss_mib_growth_after_warm_up").asDouble(Double.NaN)),
                    num(soak.path("heap_used_mib_first_minute").asDouble(Double.NaN)),
                    num(soak.path("heap_used_mib_last_minute").asDouble(Double.NaN)),
                    percent(soak.path("heap_used_mib_growth_after_warm_up").asDouble(Double.NaN)),
                    num(soak.path("heap_live_mib_first_minute").asDouble(Double.NaN)),
                    num(soak.path("heap_live_mib_last_minute").asDouble(Double.NaN)),
                    percent(soak.path("heap_live_mib_growth_after_warm_up").asDouble(Double.NaN))));
            if (soak.has("failure")) {
                notes.add("soak: " + soak.path("failure").asText());
            }
        }
    }

    private static void targets(StringBuilder b, JsonNode r, List<String> shapes, JsonNode soak) {
        b.append(String.format(Locale.ROOT, "%n%-60s", "Targets (issue 10, exactly-once, all rules on):"));
        shapes.forEach(shape -> b.append(String.format(Locale.ROOT, "%-24s", shape)));
        b.append('\n');
        StringBuilder catchUp = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        StringBuilder p99high = new StringBuilder();
        StringBuilder memory = new StringBuilder();
        for (String shape : shapes) {
            JsonNode c = r.path("catch_up").path(shape);
            double ratio = c.path("exactly_once_v2_over_consumer_performance").asDouble(Double.NaN);
            catchUp.append(verdict(ratio, ratio >= 0.25 ? "stretch met" : ratio >= 0.10 ? "met" : "NOT MET"));
            double us = c.path("exactly_once_v2_cpu_us_per_record").path("median").asDouble(Double.NaN);
            cpu.append(verdict(us, us <= 10 ? "stretch met" : us <= 40 ? "met" : "NOT MET"));
            JsonNode c100 = r.path("latency").path(shape).path("commit_interval_ms_100");
            double at2k = c100.path("offered_2000_per_s").path("p99_ms").path("median").asDouble(Double.NaN);
            p99.append(verdict(at2k, at2k <= 150 ? "met" : "NOT MET"));
            double at20k = c100.path("offered_20000_per_s").path("p99_ms").path("median").asDouble(Double.NaN);
            p99high.append(verdict(at20k, at20k <= 150 ? "<= 150" : "> 150"));
            memory.append(soakVerdict(soak, shape));
        }
        b.append(String.format(Locale.ROOT, "  %-58s%s%n", "catch-up >= 0.10 of ConsumerPerformance (stretch 0.25)",
                catchUp));
        b.append(String.format(Locale.ROOT, "  %-58s%s%n", "<= 40 CPU-us per report (stretch 10)", cpu));
        b.append(String.format(Locale.ROOT, "  %-58s%s%n", "p99 <= 150 ms at 2,000/s offered, commit 100 ms", p99));
        b.append(String.format(Locale.ROOT, "  %-58s%s%n", "p99 at 20,000/s offered, commit 100 ms (reported)",
                p99high));
        b.append(String.format(Locale.ROOT, "  %-58s%s%n", "memory flat over the soak (growth < 10% after warm-up)",
                memory));
    }

    private static String row(String name, String shape, JsonNode rate, JsonNode cpu, JsonNode rss, JsonNode ratio) {
        return String.format(Locale.ROOT, "%-32s %-8s %-28s %-22s %-22s %s%n", name, shape, cell(rate),
                cpu == null ? "" : cell(cpu), rss == null ? "" : cell(rss),
                ratio == null ? "" : ratio(ratio.asDouble(Double.NaN)));
    }

    private static String cell(JsonNode stats) {
        if (stats.isMissingNode()) {
            return "-";
        }
        double median = stats.path("median").asDouble(Double.NaN);
        int failed = stats.path("failed").asInt();
        String failures = failed > 0 ? " (" + failed + " failed)" : "";
        if (Double.isNaN(median)) {
            return "n/a" + failures;
        }
        return String.format(Locale.ROOT, "%s [%s-%s]%s", num(median), num(stats.path("min").asDouble()),
                num(stats.path("max").asDouble()), failures);
    }

    /** A statistic's median, with [min-max] when the repeats differ; three decimals for a ratio. */
    private static String median(JsonNode stats, boolean ratio) {
        double median = stats.path("median").asDouble(Double.NaN);
        if (stats.isMissingNode() || Double.isNaN(median)) {
            return "n/a";
        }
        double min = stats.path("min").asDouble();
        double max = stats.path("max").asDouble();
        String f = ratio ? "%.3f" : "%,.0f";
        String m = String.format(Locale.ROOT, f, median);
        return min == max ? m : m + String.format(Locale.ROOT, " [" + f + "-" + f + "]", min, max);
    }

    private static String num(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        return Math.abs(x) >= 100 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.1f", x);
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static String percent(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * x);
    }

    private static String duration(long ms) {
        if (ms >= 86_400_000L) {
            return String.format(Locale.ROOT, "%.1f days", ms / 86_400_000.0);
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : ms + " ms";
    }

    /** One shape's cell of the targets table: the value and what it meets. */
    private static String verdict(double value, String met) {
        if (Double.isNaN(value)) {
            return String.format(Locale.ROOT, "%-24s", "NOT MEASURED");
        }
        String shown = Math.abs(value) < 10 ? String.format(Locale.ROOT, "%.3f", value) : num(value);
        return String.format(Locale.ROOT, "%-24s", shown + " " + met);
    }

    private static String soakVerdict(JsonNode soak, String shape) {
        if (soak.isMissingNode() || !soak.path("shape").asText().equals(shape)) {
            return String.format(Locale.ROOT, "%-24s", soak.isMissingNode() ? "no soak" : "-");
        }
        double rss = soak.path("rss_mib_growth_after_warm_up").asDouble(Double.NaN);
        double live = soak.path("heap_live_mib_growth_after_warm_up").asDouble(Double.NaN);
        if (soak.has("failure")) {
            return String.format(Locale.ROOT, "%-24s", "FAILED");
        }
        if (Double.isNaN(rss)) {
            return String.format(Locale.ROOT, "%-24s", "too short to judge");
        }
        double worst = Double.isNaN(live) ? rss : Math.max(rss, live);
        return String.format(Locale.ROOT, "%-24s", percent(worst) + (worst < FLAT ? " flat" : " GROWING"));
    }
}
