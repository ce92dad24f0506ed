package org.frontierwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** What the standby listener counts and how it words a suspended standby. */
class StandbyUpdateLogTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("fw-rule-group-state-changelog", 3);

    @Test
    void shouldCountTheRecordsLoadedIntoStandbysByStore() {
        ProcessorMetrics metrics = ProcessorMetrics.create();
        StandbyUpdateLog log = new StandbyUpdateLog(metrics.pipeline());
        log.onBatchLoaded(CHANGELOG, "rule-group-state", new TaskId(1, 3), 120, 70, 200);
        log.onBatchLoaded(CHANGELOG, "rule-group-state", new TaskId(1, 3), 200, 80, 200);
        String scrape = metrics.registry().scrape();
        assertTrue(scrape.contains("frontierwatch_standby_updated_records_total{store=\"rule-group-state\"} 150.0"),
                scrape);
    }

    @Test
    void shouldSayHowFarBehindItsChangelogAPromotedStandbyWas() {
        assertEquals("Standby suspended: store=rule-group-state partition=fw-rule-group-state-changelog-3 "
                        + "reason=PROMOTED at offset 9000 of 9250, 250 records behind",
                StandbyUpdateLog.suspension(CHANGELOG, "rule-group-state", 9000, 9250, "PROMOTED"));
    }

    @Test
    void shouldNotInventALagWhenAnOffsetIsUnknown() {
        assertTrue(StandbyUpdateLog.suspension(CHANGELOG, "incidents-store", -1, 9250, "MIGRATED")
                .endsWith("at offset -1 of 9250, unknown number of records behind"));
    }
}
