package org.frontierwatch.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Time-boxed waiting for a condition, polled every 100 ms; the failure names what was awaited and what was seen. */
public final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {
    }

    /** Polls {@code condition} until true; throws AssertionError with {@code message} after {@code timeout}. */
    public static void until(Callable<Boolean> condition, Duration timeout, Supplier<String> message)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + message.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
