package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The record cache {@code run} gives Kafka Streams: larger than Kafka's 10 MB by default, the operator's if set. */
class RecordCacheDefaultTest {

    @Test
    void shouldGiveTheRecordCacheThirtyTwoMebibytesUnlessTheOperatorSetsIt() {
        assertEquals(Long.toString(32L * 1024 * 1024),
                StreamsProperties.of(new Properties(), null).getProperty("statestore.cache.max.bytes"));

        Properties kafka = new Properties();
        kafka.setProperty("statestore.cache.max.bytes", "0");
        assertEquals("0", StreamsProperties.of(kafka, null).getProperty("statestore.cache.max.bytes"),
                "an operator's setting wins, even one that turns the cache off");
    }
}
