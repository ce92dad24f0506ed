package org.frontierwatch.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
import org.frontierwatch.alertmanager.AlertmanagerSilences;
import org.frontierwatch.alertmanager.AlertmanagerSilences.Matcher;
import org.frontierwatch.console.Acknowledgement;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.console.ResponseLevels;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences an acknowledged alert in Alertmanager, off the request thread (an Alertmanager that does not answer must
 * not hold the officer's click): matching its {@code alert_key} and any level at or below the one acknowledged
 * ({@code response} and {@code severity} labels as regular expressions), the same rule as
 * {@link Acknowledgement#coversLevel}, so that a higher level notifies again and a lower one does not; until the
 * alert's {@code expires} (or {@link Acknowledgements#RETENTION} when it has none). A failure is logged; the
 * acknowledgement stands.
 */
final class AckSilencer implements BiConsumer<Acknowledgement, Alert>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckSilencer.class);

    private final AlertmanagerSilences silences;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), r -> {
                Thread t = new Thread(r, "frontier-watch-alertmanager-silences");
                t.setDaemon(true);
                return t;
            }, (r, e) -> LOG.warn("Alertmanager silences: 100 waiting already; one acknowledgement not silenced"));

    AckSilencer(AlertmanagerSettings settings) {
        this.silences = new AlertmanagerSilences(settings.urls(), settings.timeout());
    }

    /** The matchers of the silence of {@code ack}: the key, and every level it covers. */
    static List<Matcher> matchers(Acknowledgement ack) {
        List<Matcher> m = new ArrayList<>();
        m.add(new Matcher("alert_key", ack.key(), false));
        if (ack.response() != null) {
            m.add(new Matcher("response", Arrays.stream(ResponseType.values())
                    .filter(r -> ResponseLevels.rank(r) <= ResponseLevels.rank(ack.response())).map(Enum::name)
                    .collect(Collectors.joining("|")), true));
        }
        if (ack.severity() != null) {
            m.add(new Matcher("severity", Arrays.stream(Severity.values())
                    .filter(s -> s.ordinal() >= ack.severity().ordinal()).map(Enum::name)
                    .collect(Collectors.joining("|")), true));
        }
        return m;
    }

    static Instant until(Acknowledgement ack, Alert alert) {
        return alert.expires() != null && alert.expires().isAfter(ack.at()) ? alert.expires()
                : ack.at().plus(Acknowledgements.RETENTION);
    }

    @Override
    public void accept(Acknowledgement ack, Alert alert) {
        executor.execute(() -> {
            try {
                List<String> ids = silences.silence(matchers(ack), ack.at(), until(ack, alert), ack.by(),
                        "Acknowledged in Frontier Watch (" + ack.disposition() + ")"
                                + (ack.note().isBlank() ? "" : ": " + ack.note()));
                LOG.info("Alertmanager silences {} for acknowledged alert {}", ids, LogSafe.clip(ack.key()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("Could not silence acknowledged alert {} in Alertmanager: {}", LogSafe.clip(ack.key()),
                        LogSafe.clip(String.valueOf(e.getMessage())));
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
