package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global thread runs under the processing exception handler, and every StreamsConfig Kafka Streams builds from
 * our settings says so: Kafka 4.4's partition assignor re-reads the main consumer's configs as a StreamsConfig
 * (AssignorConfiguration) and logged "Processing exception handler is not enabled for the GlobalThread" on every
 * start when the setting reached only the top-level config.
 */
class GlobalProcessingHandlerConfigTest {

    @TempDir
    Path state;

    @Test
    void shouldEnableTheGlobalProcessingHandlerInTheConfigAndInTheAssignorsCopyOfIt() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "127.0.0.1:9");
        StreamsConfig config = new StreamsConfig(StreamsProperties.of(kafka, state));
        assertTrue(config.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        Map<String, Object> mainConsumer = config.getMainConsumerConfigs("group", "client", 0);
        // What AssignorConfiguration does with the main consumer's configs:
        StreamsConfig assignorCopy = new StreamsConfig(mainConsumer);
        assertTrue(assignorCopy.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        // No handler of our own: Kafka's log-and-fail, so a failure is replaced and retried, never skipped.
        assertEquals("org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler",
                config.getClass(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG).getName());
    }
}
