package org.frontierwatch.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * At most {@code max} restarts within any sliding {@code window}: consumes restart requests, produces yes (and
 * counts the restart) or no. Serves the supervisor's client replacements and {@link StreamThreadFailures}' thread
 * replacements. The clock is a nanosecond source ({@link System#nanoTime()} unless a test passes its own).
 */
final class RestartBudget {

    private final int max;
    private final Duration window;
    private final LongSupplier nanoTime;
    /** When each restart still inside the window happened, oldest first. */
    private final Deque<Long> restarts = new ArrayDeque<>();

    RestartBudget(int max, Duration window) {
        this(max, window, System::nanoTime);
    }

    RestartBudget(int max, Duration window, LongSupplier nanoTime) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        this.max = max;
        this.window = window;
        this.nanoTime = nanoTime;
    }

    /**
     * True, and the restart counted, when fewer than {@code max} restarts happened within the window up to now;
     * false (nothing counted) when the budget is spent. A restart falls out of the window once it is more than
     * {@code window} old.
     */
    synchronized boolean tryRestart() {
        long now = nanoTime.getAsLong();
        while (!restarts.isEmpty() && now - restarts.peekFirst() > window.toNanos()) {
            restarts.pollFirst();
        }
        if (restarts.size() >= max) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }

    /** The restarts counted within the window as of the last {@link #tryRestart()}. */
    synchronized int used() {
        return restarts.size();
    }

    int max() {
        return max;
    }

    Duration window() {
        return window;
    }
}
