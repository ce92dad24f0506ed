package org.frontierwatch.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.frontierwatch.api.AlertView;
import org.frontierwatch.api.ApiHandler;
import org.frontierwatch.api.BearerToken;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.console.AckHandler;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.console.ConsoleHandler;
import org.frontierwatch.console.Disposition;
import org.frontierwatch.console.LiveEvents;
import org.frontierwatch.metrics.ProcessorMetrics;

/**
 * The operator console's moving parts on one instance: consumes the processor's config, client properties and the
 * query API; serves {@code /console/} and {@code /api/acks} on the HTTP endpoint, follows the alerts and
 * acknowledgements topics ({@link ConsoleFeed}), writes acknowledgements ({@link AckProducer}) and, with the
 * Alertmanager bridge on, silences acknowledged alerts there ({@link AckSilencer}).
 */
final class ConsoleServices implements AutoCloseable {

    private final LiveEvents events;
    private final ConsoleFeed feed;
    private final AckProducer producer;
    private final AckSilencer silencer;

    private ConsoleServices(LiveEvents events, ConsoleFeed feed, AckProducer producer, AckSilencer silencer) {
        this.events = events;
        this.feed = feed;
        this.producer = producer;
        this.silencer = silencer;
    }

    /** {@code acks} is what {@code api} annotates its answers with; the feed fills it. */
    static ConsoleServices start(AppConfig config, Properties clientProps, ApiHandler api, Acknowledgements acks,
                                 ProcessorMetrics observability, BooleanSupplier streamsRunning) {
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
        AckSilencer silencer = config.alertmanager().enabled() ? new AckSilencer(config.alertmanager()) : null;
        AckProducer producer = new AckProducer(clientProps, config.topics().acknowledgements());
        AckHandler ackHandler = new AckHandler(acks, (key, auth) -> api.lookup(key, auth).map(AlertView::latest),
                producer, (ack, alert) -> {
                    written.get(ack.disposition()).increment();
                    if (silencer != null) {
                        silencer.accept(ack, alert);
                    }
                }, token, Clock.systemUTC());
        observability.handle("/api/acks", ackHandler);
        observability.handle("/console", new ConsoleHandler(events, token));
        ConsoleFeed feed = ConsoleFeed.start(clientProps, config.topics(), acks, events, topic ->
                Counter.builder("frontierwatch.console.records.skipped").tag("topic", topic)
                        .description("records of the alerts or acknowledgements topic the console could not read")
                        .register(registry).increment(), streamsRunning);
        return new ConsoleServices(events, feed, producer, silencer);
    }

    @Override
    public void close() {
        events.closeAll();
        feed.close();
        producer.close();
        if (silencer != null) {
            silencer.close();
        }
    }
}
