package org.frontierwatch.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.frontierwatch.backtest.Backtest;
import org.frontierwatch.backtest.BacktestInput;
import org.frontierwatch.backtest.BacktestSummary;
import org.frontierwatch.backtest.OfflineTopology;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.imports.ImportResult;
import org.frontierwatch.imports.Importers;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.ruletest.ReportLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backtest FILE...}: consumes a history of reports (JSON lines, or an ACLED or UCDP GED export), the rules,
 * configuration and reference data; runs the production topology offline over it and produces every alert message
 * it would have raised (text or the alert JSON) on stdout, a summary table, and progress on stderr.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run the rules over a history of reports without a broker and print the alerts they would "
                + "have raised, with a summary.")
final class BacktestCommand implements Callable<Integer> {

    enum Format { jsonl, acled, ucdp }

    enum Output { text, json, none }

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Input files, read in the order given (- for stdin): JSON lines of reports (a "
                    + "{\"tombstone\": ID} line retracts), or ACLED / UCDP GED CSV exports with --format (read as "
                    + "one export: revisions are numbered across the files).")
    List<Path> files;

    @Option(names = "--format", defaultValue = "jsonl",
            description = "jsonl, acled or ucdp. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--deletions", paramLabel = "FILE",
            description = "With --format acled: ACLED's Deletions export; each row retracts its event.")
    Path deletions;

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = "${env:FW_RULES}",
            description = "Rules file. Default: frontier.rules.file of --config, else config/rules.yaml. Env: "
                    + "FW_RULES.")
    Path rules;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:FW_CONFIG}",
            description = "Properties file, as for run (frontier.window.grace, frontier.validation.*, topics). Env: "
                    + "FW_CONFIG.")
    Path config;

    @Option(names = "--reference-dir", paramLabel = "DIR", defaultValue = "${env:FW_REFERENCE_DIR:-config/reference}",
            description = "Reference files (sites, nationalities, districts). Default: ${DEFAULT-VALUE}.")
    Path referenceDir;

    @Option(names = "--order", defaultValue = "event-time", paramLabel = "event-time|input",
            description = "Replay in event-time order (stable; tombstones follow their report) or in input order. "
                    + "Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(names = "--output", defaultValue = "text",
            description = "text (one line and the headline per message), json (the alert JSON as the alerts topic "
                    + "carries it, one per line; the summary then goes to stderr) or none (summary only). "
                    + "Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "The wall clock of the run (alerts' sent, the future-timestamp check). Default: now.")
    String now;

    @Option(names = "--quiet-after", paramLabel = "DURATION",
            description = "After the last record, let this much wall-clock time pass with no input, as for a live "
                    + "run whose input stops: held count-only Updates go out, and AllClears whose wall-clock bound "
                    + "passes (ISO-8601, e.g. PT6H or P40D; PT0S: none). Default: the rules' longest update "
                    + "interval, so that no change is left held.")
    String quietAfter;

    @Option(names = "--top-districts", paramLabel = "N", defaultValue = "20",
            description = "Districts listed in the summary, most messages first. Default: ${DEFAULT-VALUE}.")
    int topDistricts;

    /** {@code --quiet-after}, or the rules' longest update interval. */
    private Duration quietAfter(AppConfig app) {
        Duration quiet;
        try {
            quiet = quietAfter == null ? app.cadence().longestUpdateInterval(app.rules()) : Duration.parse(quietAfter);
        } catch (DateTimeParseException e) {
            throw new CliException("--quiet-after '" + quietAfter + "' is not an ISO-8601 duration such as PT6H");
        }
        if (quiet.isNegative()) {
            throw new CliException("--quiet-after '" + quietAfter + "' is negative");
        }
        return quiet;
    }

    @Override
    public Integer call() throws IOException {
        OfflineTopology.quietStartupWarnings();
        BacktestInput.Order replay = switch (order.toLowerCase(Locale.ROOT)) {
            case "event-time" -> BacktestInput.Order.EVENT_TIME;
            case "input" -> BacktestInput.Order.INPUT;
            default -> throw new CliException("--order must be event-time or input, was '" + order + "'");
        };
        Instant clock;
        try {
            clock = now == null ? Instant.now() : Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new CliException("--now '" + now + "' is not an ISO-8601 instant such as 2025-12-10T00:00:00Z");
        }
        AppConfig app = ClientSettings.appConfig(config, rules, System.getenv());
        Duration quiet = quietAfter(app);
        PrintStream err = System.err;
        long started = System.nanoTime();
        List<ReportRecord> records = new ArrayList<>();
        long skipped = 0;
        if (deletions != null && format != Format.acled) {
            throw new CliException("--deletions is for ACLED's Deletions export only (--format acled)");
        }
        if (format == Format.jsonl) {
            for (Path file : files) {
                readJsonLines(file, records);
            }
        } else {
            ImportResult imported;
            try {
                imported = Importers.read(format.name(), files, deletions);
            } catch (IOException e) {
                throw new CliException(e.getMessage(), e);
            }
            imported.skipped().forEach(s -> err.println("frontier-watch: skipped " + s));
            skipped += imported.skipped().size();
            records.addAll(imported.records());
        }
        if (skipped > 0) {
            err.println("frontier-watch: " + skipped
                    + " row(s) could not be mapped to reports and are not in the backtest");
        }
        List<BacktestInput.Timed> ordered = BacktestInput.order(records, replay);
        records = null;
        err.println(String.format(Locale.ROOT, "frontier-watch: backtest of %,d records (%s order) with %d rules",
                ordered.size(), order, app.rules().size()));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16), false);
        BacktestSummary summary = Backtest.run(app, referenceDir, ordered, clock, quiet, (alert, tree, asOf) -> {
            switch (output) {
                case json -> out.println(alert.json());
                case text -> {
                    out.println(String.format(Locale.ROOT, "%-20s  %-6s  %-8s  %-9s %s", Instant.ofEpochMilli(asOf),
                            tree.path("msg_type").asText(), tree.path("severity").asText(),
                            tree.path("response").asText(), alert.key()));
                    out.println("                      " + tree.path("headline").asText());
                }
                case none -> { }
            }
        }, line -> {
            out.flush();
            err.println("frontier-watch: " + line);
        });
        out.flush();
        List<String> table = summary.render((System.nanoTime() - started) / 1_000_000, topDistricts);
        if (output == Output.json) {
            table.forEach(err::println);
        } else {
            if (output == Output.text && summary.messages() > 0) {
                out.println();
            }
            table.forEach(out::println);
            out.flush();
        }
        return 0;
    }

    private static void readJsonLines(Path file, List<ReportRecord> records) throws IOException {
        try (BufferedReader in = open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(ReportLines.record(line));
                }
            }
        } catch (IOException e) {
            throw new CliException(file + ": cannot read (" + e + ")", e);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        if (file.toString().equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(file + ": file not found");
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }
}
