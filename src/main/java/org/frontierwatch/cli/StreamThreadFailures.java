package org.frontierwatch.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.frontierwatch.metrics.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when a stream thread dies: consumes the exception, produces REPLACE_THREAD (a new thread
 * with a new transactional producer; the old thread's tasks are closed dirty and, under exactly-once, rebuilt from
 * their changelogs, so nothing is lost or duplicated) at most {@link #MAX_REPLACEMENTS} times per
 * {@link #WINDOW}, then SHUTDOWN_CLIENT, which the runner's supervisor answers with a new client (also bounded).
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
    private final Deque<Long> replacements = new ArrayDeque<>();

    StreamThreadFailures(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = System.nanoTime();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
            replacements.pollFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error("A stream thread died again ({} replacements within {}); shutting the client down: {}",
                    MAX_REPLACEMENTS, WINDOW, rootCause(exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        metrics.streamThreadReplaced();
        LOG.error("A stream thread died ({}); replacing it ({} of at most {} per {})", rootCause(exception),
                replacements.size(), MAX_REPLACEMENTS, WINDOW);
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
