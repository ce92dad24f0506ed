package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The state stores {@code run} gives Kafka Streams: transactional (KIP-892) with queries reading committed data by
 * default, as Kafka Streams itself accepts them; the operator's settings win.
 */
class TransactionalStoresDefaultTest {

    @Test
    void shouldMakeStateStoresTransactionalAndQueriesReadCommittedByDefault() {
        Properties p = StreamsProperties.of(new Properties(), null);
        StreamsConfig streams = new StreamsConfig(withApplication(p));
        assertTrue(streams.getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG));
        assertTrue(IsolationLevel.READ_COMMITTED.name().equalsIgnoreCase(
                streams.getString(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG)));
    }

    @Test
    void shouldLeaveStateStoresPlainWhenTheOperatorSaysSo() {
        Properties kafka = new Properties();
        kafka.setProperty("enable.transactional.statestores", "false");
        kafka.setProperty("default.interactive.query.isolation.level", "READ_UNCOMMITTED");
        StreamsConfig streams = new StreamsConfig(withApplication(StreamsProperties.of(kafka, null)));
        assertFalse(streams.getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG));
        assertTrue(IsolationLevel.READ_UNCOMMITTED.name().equalsIgnoreCase(
                streams.getString(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG)));
    }

    private static Properties withApplication(Properties p) {
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        return p;
    }
}
