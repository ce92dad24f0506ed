package org.frontierwatch.cli;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.frontierwatch.metrics.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when a stream thread dies: consumes the exception, produces REPLACE_THREAD (a new thread
 * with a new transactional producer; the old thread's tasks are closed dirty and, under exactly-once, rebuilt from
 * their changelogs, so nothing is lost or duplicated) at most {@link #MAX_REPLACEMENTS} times per
 * {@link #WINDOW} (a {@link RestartBudget}), then SHUTDOWN_CLIENT, which {@link StreamsSupervisor} answers with a
 * new client (also bounded).
 *
 * <p>Why not Kafka's default (shut the client down at once): a broker that is away longer than the transaction
 * timeout (10 s under exactly-once) aborts the open transaction, and the commit that follows can fail with the
 * fatal {@code InvalidTxnStateException} instead of the recoverable fenced-producer error (cf. KAFKA-19690). Seen in
 * the broker-bounce test; a replaced thread carries on. Frontier Watch's processors never throw on bad data (it is
 * dead-lettered), so a thread that keeps dying points at a bug and ends, bounded, in a clear failure.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);
    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final PipelineMetrics metrics;
    private final RestartBudget replacements;

    StreamThreadFailures(PipelineMetrics metrics) {
        this(metrics, new RestartBudget(MAX_REPLACEMENTS, WINDOW));
    }

    StreamThreadFailures(PipelineMetrics metrics, RestartBudget replacements) {
        this.metrics = metrics;
        this.replacements = replacements;
    }

    // Synchronized: stream threads die concurrently, and the budget's check and its log line belong together.
    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (!replacements.tryRestart()) {
            LOG.error("A stream thread died again ({} replacements within {}); shutting the client down: {}",
                    replacements.max(), replacements.window(), rootCause(exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        metrics.streamThreadReplaced();
        LOG.error("A stream thread died ({}); replacing it ({} of at most {} per {})", rootCause(exception),
                replacements.used(), replacements.max(), replacements.window());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
