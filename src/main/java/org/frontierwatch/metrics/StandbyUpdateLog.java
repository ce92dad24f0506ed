package org.frontierwatch.metrics;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Kafka Streams keep standby replicas ({@code num.standby.replicas}) up to date: consumes standby update
 * callbacks, produces the counter {@code frontierwatch_standby_updated_records_total{store}} and one INFO line each
 * time a standby stops being updated ({@code Standby suspended: store=... partition=... reason=PROMOTED ... N records
 * behind}). On a takeover, {@code PROMOTED} lines say how far the copies were behind their changelogs: what the new
 * active task must still restore before it processes.
 */
public final class StandbyUpdateLog implements StandbyUpdateListener {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyUpdateLog.class);

    private final PipelineMetrics metrics;

    public StandbyUpdateLog(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onUpdateStart(TopicPartition partition, String store, long startingOffset) {
        LOG.debug("Standby update started: store={} partition={} from offset {}", store, partition, startingOffset);
    }

    @Override
    public void onBatchLoaded(TopicPartition partition, String store, TaskId task, long batchEndOffset, long batchSize,
                              long currentEndOffset) {
        metrics.standbyUpdated(store, batchSize);
    }

    @Override
    public void onUpdateSuspended(TopicPartition partition, String store, long storeOffset, long currentEndOffset,
                                  SuspendReason reason) {
        LOG.info(suspension(partition, store, storeOffset, currentEndOffset, reason.name()));
    }

    /** The log line of a suspended standby; the lag is unknown when either offset is (Kafka passes -1 then). */
    static String suspension(TopicPartition partition, String store, long storeOffset, long endOffset,
                             String reason) {
        String behind = storeOffset < 0 || endOffset < 0 ? "unknown number of records behind"
                : Math.max(0, endOffset - storeOffset) + " records behind";
        return "Standby suspended: store=" + store + " partition=" + partition + " reason=" + reason + " at offset "
                + storeOffset + " of " + endOffset + ", " + behind;
    }
}
