package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.JarProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients nobody here wrote: Kafka's own console producer and consumer (kafka-tools) and kcat (librdkafka, the
 * Debian package that .ci/test.sh installs) feed reports to the real processor and read its alerts back.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class InteropIT {

    static final Duration LIMIT = Duration.ofSeconds(120);
    static final List<String> SEED_KEYS = Fixtures.SEED_ALERTS.stream().map(k -> k.substring(k.indexOf(' ')
            + 1)).toList();

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    private static ProcessorRunner start(String prefix) throws InterruptedException {
        return ProcessorIT.startRunning(ProcessorIT.settings(broker.bootstrapServers(), tmp, prefix));
    }

    /** Seed reports as "id TAB json" lines, the key-value format both console tools parse. */
    private static String keyedSeed() {
        return Fixtures.seedReports().stream().map(l -> Fixtures.field(l, "id") + "\t" + l)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static List<String> keysOf(String keyTabValueLines) {
        return keyTabValueLines.lines().filter(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf('\t'))).toList();
    }

    @Test
    void shouldProcessReportsFromKafkasConsoleProducerAndServeAlertsToKcat() throws Exception {
        try (ProcessorRunner runner = start("console")) {
            try (JarProcess producer = JarProcess.startClass("org.apache.kafka.tools.ConsoleProducer", keyedSeed(),
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", "console-incident-reports",
                    "--reader-property", "parse.key=true", "--reader-property", "key.separator=\t")) {
                assertEquals(0, producer.waitFor(LIMIT), producer.stderr());
            }
            try (JarProcess kcat = JarProcess.startCommand(List.of("kcat", "-C", "-b", broker.bootstrapServers(),
                    "-t", "console-alerts", "-o", "beginning", "-c", "7", "-X", "isolation.level=read_committed",
                    "-f", "%k\t%s\n"), Map.of(), null)) {
                assertEquals(0, kcat.waitFor(LIMIT), kcat.stderr());
                assertEquals(SEED_KEYS, keysOf(kcat.stdout()));
                assertTrue(kcat.stdout().contains("\"response\":\"Evacuate\""), kcat.stdout());
            }
        }
    }

    @Test
    void shouldProcessReportsFromKcatAndServeAlertsToKafkasConsoleConsumer() throws Exception {
        try (ProcessorRunner runner = start("kcat")) {
            try (JarProcess kcat = JarProcess.startCommand(List.of("kcat", "-P", "-b", broker.bootstrapServers(),
                    "-t", "kcat-incident-reports", "-K", "\t"), Map.of(), keyedSeed())) {
                assertEquals(0, kcat.waitFor(LIMIT), kcat.stderr());
            }
            try (JarProcess consumer = JarProcess.startClass("org.apache.kafka.tools.consumer.ConsoleConsumer", null,
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", "kcat-alerts-cap", "--from-beginning",
                    "--max-messages", "7", "--timeout-ms", "60000", "--isolation-level", "read_committed",
                    "--formatter-property", "print.key=true", "--formatter-property", "key.separator=\t")) {
                assertEquals(0, consumer.waitFor(LIMIT), consumer.stderr());
                assertEquals(SEED_KEYS, keysOf(consumer.stdout()));
                assertTrue(consumer.stdout().contains("<msgType>Update</msgType>"), consumer.stdout());
            }
        }
    }
}
