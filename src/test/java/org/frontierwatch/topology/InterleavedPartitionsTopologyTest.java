package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.frontierwatch.model.Alert;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group changes from two intake partitions, one read weeks of event time ahead of the other (as a catch-up reads
 * them, a fetch at a time): the rule task waits for the slower partition before closing an episode, so the slower
 * partition's reports renew the open alert instead of opening a second one after an early AllClear. The changes are
 * made by one harness's intake and router (its repartition records) and fed to another's rule task under two
 * intake-partition headers, in the order a fast partition 0 and a slow partition 1 would interleave.
 */
class InterleavedPartitionsTopologyTest {

    private static final String REPARTITION = "frontier-watch-test-" + Names.RULE_GROUPS_REPARTITION + "-repartition";
    private static final String PANJ = "foreign-workers-killed/tj-panj/2025-11-01";

    private TopologyHarness intake;
    private TopologyHarness rules;
    private TestInputTopic<byte[], byte[]> groupChanges;

    @BeforeEach
    void setUp() {
        intake = new TopologyHarness().withSampleReferenceData();
        rules = new TopologyHarness().withSampleReferenceData();
        groupChanges = rules.driver.createInputTopic(REPARTITION, new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        intake.close();
        rules.close();
    }

    /** A fatal attack on Chinese workers in a Khatlon district: foreign-workers-killed (7 days, grace 7). */
    private static ObjectNode fatalAttack(String id, String occurredAt, String district) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", 1,
                "victim_nationalities", List.of("CN"), "origin_country", "AF", "admin1", "Khatlon",
                "admin2", district));
    }

    /** A fatal attack no foreign worker rule looks at; it moves its partition's event time on. */
    private static ObjectNode quiet(String id, String occurredAt, String district) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", 1, "admin2", district));
    }

    /** Sends {@code report} through the intake harness and its group changes to the rule task as {@code partition}. */
    private void fromPartition(int partition, ObjectNode report) {
        intake.report(report.toString());
        List<TestRecord<byte[], byte[]>> changes = intake.driver.createOutputTopic(REPARTITION,
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        for (TestRecord<byte[], byte[]> c : changes) {
            groupChanges.pipeInput(new TestRecord<>(c.key(), c.value(), SourcePartitionHeader.of(partition),
                    c.getRecordTime()));
        }
    }

    private List<String> messages(List<Alert> alerts) {
        List<String> out = new ArrayList<>();
        alerts.stream().filter(a -> a.key().startsWith("foreign-workers-killed/"))
                .forEach(a -> out.add(a.key() + " " + (a.isAllClear() ? "AllClear" : a.msgType())));
        return out;
    }

    @Test
    void shouldRenewTheOpenAlertWhenTheSlowerPartitionsReportArrivesAfterTheFasterOnePassedItsEnd() {
        fromPartition(1, quiet("s1-a", "2025-10-31T00:00:00Z", "Bokhtar"));
        fromPartition(0, fatalAttack("panj-1", "2025-11-01T00:00:00Z", "Panj"));
        // Partition 0 is read far ahead: past the episode's end (11-01 + 7 days + 7 days of grace).
        fromPartition(0, quiet("s0-b", "2025-11-20T00:00:00Z", "Dusti"));
        fromPartition(1, fatalAttack("panj-2", "2025-11-07T00:00:00Z", "Panj"));
        // The second death is a count-only change, held by the default cadence: it goes out with the next message.
        assertEquals(List.of(PANJ + " Alert"), messages(rules.alerts()),
                "nothing closed the episode while partition 1 was behind, and the second attack joined it");

        fromPartition(1, quiet("s1-c", "2025-11-25T00:00:00Z", "Hamadoni"));
        fromPartition(0, quiet("s0-d", "2025-11-30T00:00:00Z", "Jayhun"));
        assertEquals(List.of(PANJ + " AllClear"), messages(rules.alerts()),
                "both partitions well past the episode's end: it closes once, with the held second death");
    }

    @Test
    void shouldCloseEpisodesByTheActivePartitionOnceTheOtherHasGoneIdle() {
        fromPartition(1, quiet("s1-a", "2025-10-31T00:00:00Z", "Bokhtar"));
        fromPartition(0, fatalAttack("panj-1", "2025-11-01T00:00:00Z", "Panj"));
        fromPartition(0, quiet("s0-b", "2025-11-20T00:00:00Z", "Dusti"));
        assertEquals(List.of(PANJ + " Alert"), messages(rules.alerts()));

        rules.driver.advanceWallClockTime(Duration.ofMillis(AlignedWatermark.IDLE_AFTER_MS));
        fromPartition(0, quiet("s0-c", "2025-11-21T00:00:00Z", "Kulob"));
        rules.driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertEquals(List.of(PANJ + " AllClear"), messages(rules.alerts()),
                "partition 1 has sent nothing for a minute: partition 0's event time closes the episode");
    }
}
