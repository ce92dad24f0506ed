package org.frontierwatch.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Time-boxed waiting for a condition, the one deadline loop of the tests. By default polled every 100 ms; the
 * failure names what was awaited and what was seen. Exceptions thrown by a condition end the wait at once, so a
 * condition that tolerates transient failures catches them itself.
 */
public final class Await {

    /** The default pause between two attempts. */
    public static final Duration POLL = Duration.ofMillis(100);
    /** No pause: for conditions that block for a while themselves, such as a consumer's poll. */
    public static final Duration NO_PAUSE = Duration.ZERO;

    private Await() {
    }

    /** Polls {@code condition} until true; throws AssertionError with {@code message} after {@code timeout}. */
    public static void until(Callable<Boolean> condition, Duration timeout, Supplier<String> message)
            throws Exception {
        until(condition, timeout, POLL, message);
    }

    /** As {@link #until(Callable, Duration, Supplier)}, pausing {@code pause} between attempts. */
    public static void until(Callable<Boolean> condition, Duration timeout, Duration pause, Supplier<String> message)
            throws Exception {
        if (!holdsWithin(condition, timeout, pause)) {
            throw new AssertionError("not within " + timeout + ": " + message.get());
        }
    }

    /** As {@link #until(Callable, Predicate, Duration, Duration, Function)}, polled every 100 ms. */
    public static <T> T until(Callable<T> attempt, Predicate<? super T> done, Duration timeout,
                              Function<? super T, String> message) throws Exception {
        return until(attempt, done, timeout, POLL, message);
    }

    /**
     * Calls {@code attempt} until {@code done} accepts its value and returns that value; after {@code timeout}
     * throws AssertionError with {@code message} of the last value (null if no attempt finished).
     */
    public static <T> T until(Callable<T> attempt, Predicate<? super T> done, Duration timeout, Duration pause,
                              Function<? super T, String> message) throws Exception {
        AtomicReference<T> last = new AtomicReference<>();
        until(() -> {
            T value = attempt.call();
            last.set(value);
            return done.test(value);
        }, timeout, pause, () -> message.apply(last.get()));
        return last.get();
    }

    /**
     * Polls {@code condition} until true or {@code timeout} passed, pausing {@code pause} between attempts; returns
     * whether it held. For waits whose caller decides what a timeout means (reads that return what arrived).
     */
    public static boolean holdsWithin(Callable<Boolean> condition, Duration timeout, Duration pause)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (!pause.isZero()) {
                LockSupport.parkNanos(pause.toNanos());
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
