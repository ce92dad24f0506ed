package org.frontierwatch.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Kafka Streams restore state stores from their changelogs (and global stores from their topics): consumes
 * restore callbacks, produces one INFO log line per finished restore ({@code State restore finished: store=...
 * partition=... records=N in M ms}) and the counter {@code frontierwatch_state_restored_records_total{store}}.
 * After a clean stop a restart restores (almost) nothing; after a crash under exactly-once, or with the state
 * directory gone, the stores are rebuilt from their changelogs, and this is where an operator sees how much.
 */
public final class StateRestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StateRestoreLog.class);

    private final PipelineMetrics metrics;
    private final Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
    private volatile long lastActivityNanos = System.nanoTime();

    public StateRestoreLog(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        startedAt.put(partition, System.nanoTime());
        lastActivityNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} of the last restore callback (or of creation): a stalled restore stops moving it. */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        lastActivityNanos = System.nanoTime();
        metrics.stateRestored(store, numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        lastActivityNanos = System.nanoTime();
        Long start = startedAt.remove(partition);
        long ms = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        LOG.info("State restore finished: store={} partition={} records={} in {} ms", store, partition, totalRestored,
                ms);
    }
}
