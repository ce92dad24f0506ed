package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code import --produce} on a real broker: the reports keyed by id, in order, deletions as tombstones. */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class ImportProduceIT {

    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    @Test
    void shouldSendTheImportedReportsKeyedByIdAndDeletionsAsTombstones() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("imported-reports", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        CliRun r = CliRun.of("import", "acled", ImportCommandTest.ACLED, "--deletions", ImportCommandTest.DELETIONS,
                "--produce", "--topic", "imported-reports", "--bootstrap-server", broker.bootstrapServers());
        assertEquals(1, r.rc(), "the sample has unmappable rows");
        assertEquals("frontier-watch: 12 rows read, sent 6 records (5 reports, 1 tombstones), skipped 6 rows",
                r.errorLines().get(r.errorLines().size() - 1));
        try (KafkaClients.Reader reader = new KafkaClients.Reader(broker.bootstrapServers(), "imported-reports")) {
            List<ConsumerRecord<byte[], byte[]>> read = reader.readUntil(l -> l.size() >= 6, Duration.ofSeconds(30));
            assertEquals(List.of("TJK9001", "TJK9002", "TJK9001", "TJK9003", "TJK9006", "TJK9006"),
                    read.stream().map(c -> new String(c.key())).toList());
            assertNull(read.get(5).value(), "the deletion is a tombstone");
            assertEquals(CliRun.of("import", "acled", ImportCommandTest.ACLED).out().lines().toList().get(0),
                    KafkaClients.value(read.get(0)));
        }
    }
}
