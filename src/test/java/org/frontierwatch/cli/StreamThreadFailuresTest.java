package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.frontierwatch.metrics.PipelineMetrics;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    @Test
    void shouldReplaceADeadStreamThreadAFewTimesThenShutTheClientDown() {
        PipelineMetrics metrics = PipelineMetrics.detached();
        StreamThreadFailures policy = new StreamThreadFailures(metrics);
        Exception fatalCommit = new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(fatalCommit));
        }
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(fatalCommit));
        assertEquals(StreamThreadFailures.MAX_REPLACEMENTS, metrics.count("frontierwatch.stream.thread.replacements"));
        assertEquals("InvalidTxnStateException: The producer attempted a transactional operation in an invalid state.",
                StreamThreadFailures.rootCause(fatalCommit));
    }
}
