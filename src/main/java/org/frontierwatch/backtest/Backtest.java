package org.frontierwatch.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.serde.Json;

/**
 * A backtest: the production topology run offline ({@link OfflineTopology}) over a history of reports. Consumes
 * the configuration (rules, grace, validation), a reference directory and the ordered records; produces every
 * alert message to a sink, with the event time of the record that raised it, and a {@link BacktestSummary}.
 */
public final class Backtest {

    /** Receives each message as it is raised: the published key and JSON, its tree, and the "as of" event time. */
    public interface Sink {
        void message(OfflineTopology.AlertOut alert, JsonNode tree, long asOfMs);
    }

    /** Progress lines are offered every this many records. */
    public static final int PROGRESS_EVERY = 100_000;

    private Backtest() {
    }

    /**
     * @param now      the wall clock of the run (alerts' {@code sent}; the {@code future_timestamp} check)
     * @param progress receives a progress line every {@link #PROGRESS_EVERY} records
     */
    public static BacktestSummary run(AppConfig config, Path referenceDir, List<BacktestInput.Timed> records,
                                      Instant now, Sink sink, Consumer<String> progress) {
        BacktestSummary summary = new BacktestSummary();
        long start = System.nanoTime();
        try (OfflineTopology topology = new OfflineTopology(config, now)) {
            topology.loadReferenceDir(referenceDir);
            summary.referenceRejected(topology.referenceDeadLetters());
            int done = 0;
            for (BacktestInput.Timed timed : records) {
                summary.record(timed.record().isTombstone());
                OfflineTopology.Step step = topology.report(timed.record().key(), timed.record().value());
                for (OfflineTopology.AlertOut alert : step.alerts()) {
                    JsonNode tree = tree(alert.json());
                    summary.message(alert.key(), tree.path("msg_type").asText(), tree.path("rule_id").asText(),
                            tree.path("severity").asText(), tree.path("district_id").textValue(), timed.eventTimeMs());
                    sink.message(alert, tree, timed.eventTimeMs());
                }
                step.deadLetters().forEach(summary::deadLetter);
                if (++done % PROGRESS_EVERY == 0) {
                    progress.accept(String.format(Locale.ROOT, "%,d of %,d records, %,d messages, %.0f s", done,
                            records.size(), summary.messages(), (System.nanoTime() - start) / 1e9));
                }
            }
        }
        return summary;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
