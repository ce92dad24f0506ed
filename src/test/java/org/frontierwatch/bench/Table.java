package org.frontierwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Renders the benchmark's results JSON as the one plain-text table the README quotes, with the targets checked. */
final class Table {

    private Table() {
    }

    static String render(JsonNode r) {
        StringBuilder b = new StringBuilder();
        JsonNode s = r.path("settings");
        b.append(String.format(Locale.ROOT, "Frontier Watch benchmark: git %s, %s, Kafka %s, %d CPUs, %,d reports "
                        + "(mean %d B) on %d partitions, median [min-max] of %d interleaved repeats%n",
                s.path("git_sha").asText(), s.path("jdk").asText(), s.path("kafka").asText(), s.path("cpus").asInt(),
                s.path("reports").asInt(), r.path("preload").path("mean_report_bytes").asInt(),
                s.path("partitions").asInt(), s.path("repeats").asInt()));
        JsonNode c = r.path("catch_up");
        b.append(String.format(Locale.ROOT, "%n%-40s %-28s %-20s %-20s %s%n", "Catch-up from scratch", "records/s",
                "CPU-us/record", "peak RSS MiB", "/ ConsumerPerformance"));
        b.append(row("ConsumerPerformance (Kafka's ceiling)", c.path("consumer_performance_records_per_s"), null, null,
                null));
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (k.endsWith("_records_per_s") && !k.startsWith("consumer_performance")) {
                String mode = k.substring(0, k.length() - "_records_per_s".length());
                b.append(row("Frontier Watch " + mode, c.path(k), c.path(mode + "_cpu_us_per_record"),
                        c.path(mode + "_peak_rss_mib"), c.path(mode + "_over_consumer_performance")));
            }
        }
        if (c.has("exactly_once_over_at_least_once")) {
            b.append(String.format(Locale.ROOT, "exactly-once / at-least-once: %.2f%n",
                    c.path("exactly_once_over_at_least_once").asDouble()));
        }
        b.append(String.format(Locale.ROOT, "%n%-14s %-10s %-20s %-18s %-18s %-18s %-18s %s%n",
                "Latency (EOS)", "offered/s", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "alerts"));
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("latency").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> commit = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> rates = commit.getValue().fields(); rates.hasNext(); ) {
                Map.Entry<String, JsonNode> rate = rates.next();
                JsonNode q = rate.getValue();
                b.append(String.format(Locale.ROOT, "%-14s %-10s %-20s %-18s %-18s %-18s %-18s %s%n",
                        "commit " + commit.getKey().replaceAll("\\D", "") + " ms", rate.getKey().replaceAll("\\D", ""),
                        cell(q.path("achieved_per_s")), cell(q.path("p50_ms")), cell(q.path("p99_ms")),
                        cell(q.path("p99_9_ms")), cell(q.path("max_ms")), cell(q.path("alerts"))));
            }
        }
        JsonNode soak = r.path("soak");
        if (!soak.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "%nSoak: %d min at %d reports/s: processor RSS %s MiB in the first "
                            + "minute, %s MiB in the last%n", soak.path("minutes").asInt(), soak.path("rate_per_s").asInt(),
                    num(soak.path("rss_first_minute_mib").asDouble()), num(soak.path("rss_last_minute_mib").asDouble())));
        }
        b.append(String.format(Locale.ROOT, "%nTargets (issue #6, exactly-once, all rules on):%n"));
        double eosRatio = c.path("exactly_once_v2_over_consumer_performance").asDouble(Double.NaN);
        b.append(target("catch-up >= 0.25 of ConsumerPerformance", eosRatio, eosRatio >= 0.25));
        double eosAlos = c.path("exactly_once_over_at_least_once").asDouble(Double.NaN);
        b.append(target("exactly-once >= 0.85 of at-least-once", eosAlos, eosAlos >= 0.85));
        double cpu = c.path("exactly_once_v2_cpu_us_per_record").path("median").asDouble(Double.NaN);
        b.append(target("<= 10 CPU-us per report", cpu, cpu <= 10));
        double p99at100 = r.path("latency").path("commit_interval_ms_100").path("offered_20000_per_s").path("p99_ms")
                .path("median").asDouble(Double.NaN);
        b.append(target("p99 <= 150 ms at 20,000/s, commit 100 ms", p99at100, p99at100 <= 150));
        double p99at20 = r.path("latency").path("commit_interval_ms_20").path("offered_20000_per_s").path("p99_ms")
                .path("median").asDouble(Double.NaN);
        b.append(target("p99 <= 60 ms at 20,000/s, commit 20 ms", p99at20, p99at20 <= 60));
        return b.toString();
    }

    private static String row(String name, JsonNode rate, JsonNode cpu, JsonNode rss, JsonNode ratio) {
        return String.format(Locale.ROOT, "%-40s %-28s %-20s %-20s %s%n", name, cell(rate),
                cpu == null ? "" : cell(cpu), rss == null ? "" : cell(rss),
                ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio.asDouble()));
    }

    private static String cell(JsonNode stats) {
        if (stats.isMissingNode()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s [%s-%s]", num(stats.path("median").asDouble()),
                num(stats.path("min").asDouble()), num(stats.path("max").asDouble()));
    }

    private static String num(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        return Math.abs(x) >= 100 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.1f", x);
    }

    private static String target(String what, double value, boolean met) {
        String shown = Double.isNaN(value) ? "n/a" : Math.abs(value) < 10 ? String.format(Locale.ROOT, "%.3f", value)
                : num(value);
        return String.format(Locale.ROOT, "  %-44s %10s  %s%n", what, shown,
                Double.isNaN(value) ? "NOT MEASURED" : met ? "met" : "NOT MET");
    }
}
