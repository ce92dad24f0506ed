package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

    @TempDir
    Path tmp;

    private Path file(String content) throws Exception {
        Path f = tmp.resolve("client.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void shouldTakeTheBootstrapServersFromTheConfigFileWhenNoOptionNamesThem() throws Exception {
        Path f = file("bootstrap.servers=kafka-1:9093\nsecurity.protocol=SASL_PLAINTEXT\nfrontier.cap.sender=x\n");
        var p = ClientSettings.clientProperties(f, Map.of(), null);
        assertEquals("kafka-1:9093", p.getProperty("bootstrap.servers"));
        assertEquals("SASL_PLAINTEXT", p.getProperty("security.protocol"));
        assertFalse(p.containsKey("frontier.cap.sender"), "our own keys are not client settings");
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFileAndTheOptionOverrideBoth() throws Exception {
        Path f = file("bootstrap.servers=kafka-1:9093\n");
        Map<String, String> env = Map.of("FW_KAFKA_BOOTSTRAP_SERVERS", "kafka-env:9093");
        assertEquals("kafka-env:9093", ClientSettings.clientProperties(f, env, null).getProperty("bootstrap.servers"));
        assertEquals("opt:1", ClientSettings.clientProperties(f, env, "opt:1").getProperty("bootstrap.servers"));
    }

    @Test
    void shouldFallBackToLocalhostWhenNothingNamesKafka() {
        assertEquals("localhost:9092", ClientSettings.clientProperties(null, Map.of(), " ")
                .getProperty("bootstrap.servers"));
    }
}
