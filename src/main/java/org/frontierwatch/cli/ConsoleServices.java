package org.frontierwatch.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
import org.frontierwatch.alertmanager.AlertmanagerSilences;
import org.frontierwatch.api.AlertView;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.console.AckHandler;
import org.frontierwatch.console.Acknowledgement;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.console.ConsoleHandler;
import org.frontierwatch.console.Disposition;
import org.frontierwatch.console.LiveEvents;
import org.frontierwatch.metrics.ProcessorMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.validation.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console's moving parts on one instance: consumes the processor's config, client properties and the
 * query API; serves {@code /console/} and {@code /api/acks} on the HTTP endpoint, follows the alerts and
 * acknowledgements topics ({@link ConsoleFeed}), writes acknowledgements ({@link AckProducer}) and, with the
 * Alertmanager bridge on, silences an acknowledged alert there until its expiry or its next level.
 */
final class ConsoleServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServices.class);

    private final LiveEvents events;
    private final ConsoleFeed feed;
    private final AckProducer producer;

    private ConsoleServices(LiveEvents events, ConsoleFeed feed, AckProducer producer) {
        this.events = events;
        this.feed = feed;
        this.producer = producer;
    }

    /** {@code acks} is what {@code api} annotates its answers with; the feed fills it. */
    static ConsoleServices start(AppConfig config, Properties clientProps, ApiHandler api, Acknowledgements acks,
                                 ProcessorMetrics observability) {
        BearerToken token = new BearerToken(config.apiToken());
        LiveEvents events = new LiveEvents();
        MeterRegistry registry = observability.registry();
        Gauge.builder("frontierwatch.console.followers", events, LiveEvents::subscribers)
                .description("browsers following the console's live events on this instance").register(registry);
        Map<Disposition, Counter> written = new EnumMap<>(Disposition.class);
        for (Disposition d : Disposition.values()) {
            written.put(d, Counter.builder("frontierwatch.console.acknowledgements").tag("disposition", d.name())
                    .description("acknowledgements written to the acknowledgements topic by this instance")
                    .register(registry));
        }
        AckProducer producer = new AckProducer(clientProps, config.topics().acknowledgements());
        BiConsumer<Acknowledgement, Alert> silencer = silencer(config.alertmanager());
        AckHandler ackHandler = new AckHandler(acks, (key, auth) -> api.lookup(key, auth).map(AlertView::latest),
                producer, (ack, alert) -> {
                    written.get(ack.disposition()).increment();
                    silencer.accept(ack, alert);
                }, token, Clock.systemUTC());
        observability.handle("/api/acks", ackHandler);
        observability.handle("/console", new ConsoleHandler(events, token));
        ConsoleFeed feed = ConsoleFeed.start(clientProps, config.topics(), acks, events, topic ->
                Counter.builder("frontierwatch.console.records.skipped").tag("topic", topic)
                        .description("records of the alerts or acknowledgements topic the console could not read")
                        .register(registry).increment());
        return new ConsoleServices(events, feed, producer);
    }

    /** With the bridge on, an acknowledgement silences its alert at this level; else nothing. */
    private static BiConsumer<Acknowledgement, Alert> silencer(AlertmanagerSettings am) {
        if (!am.enabled()) {
            return (ack, alert) -> { };
        }
        AlertmanagerSilences silences = new AlertmanagerSilences(am.urls(), am.timeout());
        return (ack, alert) -> {
            Map<String, String> matchers = new LinkedHashMap<>();
            matchers.put("alert_key", ack.key());
            if (ack.response() != null) {
                matchers.put("response", ack.response().name());
            }
            if (ack.severity() != null) {
                matchers.put("severity", ack.severity().name());
            }
            Instant ends = alert.expires() != null && alert.expires().isAfter(ack.at()) ? alert.expires()
                    : ack.at().plus(Acknowledgements.RETENTION);
            try {
                List<String> ids = silences.silence(matchers, ack.at(), ends, ack.by(), "Acknowledged in Frontier "
                        + "Watch (" + ack.disposition() + ")" + (ack.note().isBlank() ? "" : ": " + ack.note()));
                LOG.info("Alertmanager silences {} for acknowledged alert {}", ids, LogSafe.clip(ack.key()));
            } catch (Exception e) {
                LOG.warn("Could not silence acknowledged alert {} in Alertmanager: {}", LogSafe.clip(ack.key()),
                        LogSafe.clip(String.valueOf(e.getMessage())));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Override
    public void close() {
        events.closeAll();
        feed.close();
        producer.close();
    }
}
