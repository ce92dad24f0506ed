package org.frontierwatch.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;

/**
 * A backtest: the production topology run offline ({@link OfflineTopology}) over a history of reports. Consumes
 * the configuration (rules, grace, validation), a reference directory and the ordered records; produces every
 * alert message to a sink, with the event time it describes, and a {@link BacktestSummary}.
 */
public final class Backtest {

    /**
     * Receives each message as it is raised: the published key and JSON, its tree, and the event time it describes
     * (its {@code as_of}).
     */
    public interface Sink {
        void message(OfflineTopology.AlertOut alert, JsonNode tree, long asOfMs);
    }

    /** Progress lines are offered every this many records. */
    public static final int PROGRESS_EVERY = 100_000;

    private Backtest() {
    }

    /**
     * @param now      the wall clock of the run (alerts' {@code sent}; the {@code future_timestamp} check)
     * @param quietAfter how long the input stays quiet after its last record (wall-clock time with no input, as in
     *                 a live run whose input stops): the messages sent meanwhile (held Updates, wall-bound
     *                 AllClears) are part of the backtest
     * @param progress receives a progress line every {@link #PROGRESS_EVERY} records
     */
    public static BacktestSummary run(AppConfig config, Path referenceDir, List<BacktestInput.Timed> records,
                                      Instant now, Duration quietAfter, Sink sink, Consumer<String> progress) {
        BacktestSummary summary = new BacktestSummary();
        long start = System.nanoTime();
        try (OfflineTopology topology = new OfflineTopology(config, now)) {
            topology.loadReferenceDir(referenceDir);
            summary.referenceRejected(topology.referenceDeadLetters());
            int done = 0;
            for (BacktestInput.Timed timed : records) {
                summary.record(timed.record().isTombstone());
                OfflineTopology.Step step = topology.report(timed.record().key(), timed.record().value());
                publish(step, timed.eventTimeMs(), summary, sink);
                if (++done % PROGRESS_EVERY == 0) {
                    progress.accept(String.format(Locale.ROOT, "%,d of %,d records, %,d messages, %.0f s", done,
                            records.size(), summary.messages(), (System.nanoTime() - start) / 1e9));
                }
            }
            publish(topology.quiet(quietAfter), Long.MIN_VALUE, summary, sink);
        }
        return summary;
    }

    private static void publish(OfflineTopology.Step step, long recordTimeMs, BacktestSummary summary, Sink sink) {
        for (OfflineTopology.AlertOut alert : step.alerts()) {
            JsonNode tree = tree(alert.json());
            long asOf = asOfMs(tree, recordTimeMs);
            String type = Alert.countedAs(tree.path("msg_type").asText(), tree.path("response").asText());
            summary.message(alert.key(), type, tree.path("rule_id").asText(),
                    tree.path("severity").asText(), tree.path("district_id").textValue(), asOf);
            sink.message(alert, tree, asOf);
        }
        step.deadLetters().forEach(summary::deadLetter);
    }

    /** The message's {@code as_of} (epoch ms), else the time of the record that raised it. */
    private static long asOfMs(JsonNode tree, long recordTimeMs) {
        JsonNode asOf = tree.get("as_of");
        if (asOf == null || !asOf.isTextual()) {
            return recordTimeMs;
        }
        try {
            return Instant.parse(asOf.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return recordTimeMs;
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
