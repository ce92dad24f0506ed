package org.frontierwatch.broker;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer settings for writing to topics created moments before: set-up's reference data, the demo's reports.
 * Consumes the client settings; produces a copy with acks=all, idempotence and one request in flight.
 *
 * <p>One request in flight, because of a broker bug in Kafka 4.4 (KAFKA-15591, fixed upstream by apache/kafka
 * pull request 23234): an idempotent producer's first request to a new partition can fail with
 * NOT_LEADER_OR_FOLLOWER while the broker is still applying the partition, and a second request overtake it. The
 * broker then takes the second request's sequence as the first, and every retry of the first fails with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout: those records are lost. With one request in flight
 * nothing can overtake. Measured here: ExactlyOnceFaultIT's set-up producer met it on a fresh broker.
 */
public final class FreshTopicProducers {

    private FreshTopicProducers() {
    }

    public static Properties settings(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return p;
    }
}
