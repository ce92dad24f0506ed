package org.frontierwatch.console;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans the events an instance sees (alert messages, acknowledgements) out to the browsers following them as
 * server-sent events. Bounded: at most {@link #MAX_SUBSCRIBERS} at once, each with a queue of {@link #QUEUE}
 * events; a browser that falls that far behind is disconnected (its page reconnects and reloads the list), so a slow
 * reader never holds memory or the publisher back.
 */
public final class LiveEvents {

    public static final int MAX_SUBSCRIBERS = 32;
    public static final int QUEUE = 512;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A new subscriber, or empty when {@link #MAX_SUBSCRIBERS} are already following or the server is stopping. */
    public synchronized Optional<Subscriber> subscribe() {
        if (closed || subscribers.size() >= MAX_SUBSCRIBERS) {
            return Optional.empty();
        }
        Subscriber s = new Subscriber();
        subscribers.add(s);
        return Optional.of(s);
    }

    /** Queues one event for every subscriber; {@code json} must be one line (compact JSON is). */
    public void publish(String event, String json) {
        String frame = "event: " + event + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n";
        for (Subscriber s : subscribers) {
            if (!s.queue.offer(frame)) {
                s.overflowed = true;
                s.close();
            }
        }
    }

    /** Ends every stream (at shutdown): each subscriber's loop sees it closed at its next frame or heartbeat. */
    public synchronized void closeAll() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.close();
            s.queue.offer(": closing\n\n");
        }
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** One browser's queue of frames. */
    public final class Subscriber implements AutoCloseable {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean overflowed;
        private volatile boolean closed;

        /** The next frame, or null when none came within {@code wait} (send a heartbeat then). */
        public String next(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** True when this subscriber fell behind and was dropped: end the response, the page reloads. */
        public boolean overflowed() {
            return overflowed;
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
        }
    }
}
