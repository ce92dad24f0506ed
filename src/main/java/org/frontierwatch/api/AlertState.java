package org.frontierwatch.api;

import java.util.List;
import java.util.Optional;
import org.frontierwatch.reference.ReferenceData;

/**
 * What one processor instance can answer from its own state: the latest message of each alert key its tasks hold
 * (with the change the alert cadence holds back, if any), the reference data, and where the other instances holding
 * alert state are. Implemented over Kafka Streams' interactive queries; tests may implement it over plain lists.
 */
public interface AlertState {

    /**
     * The latest message of every alert key held here, each with its held change; throws {@link Unavailable} while
     * not queryable.
     */
    List<AlertView> latestMessages();

    /** The latest message of one alert key, with its held change, if held here. */
    Optional<AlertView> latest(String key);

    ReferenceData reference();

    /** Base URLs ({@code http://host:port}) of the other instances that hold part of the alert state. */
    List<String> peers();

    /** The state cannot be queried now (rebalancing, restoring, starting): answer 503 with Retry-After. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
