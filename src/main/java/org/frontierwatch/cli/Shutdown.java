package org.frontierwatch.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM / Ctrl-C handling for long-running commands: the JVM's shutdown hook closes what runs (Streams with a
 * timeout, then the embedded broker) and ends the process with exit code 0, as a clean stop should. When the
 * command ends by itself, normally or by an exception, {@link #close()} disarms the hook so that the command's own
 * exit code stands: use it in try-with-resources.
 */
final class Shutdown implements AutoCloseable {

    private final AtomicBoolean completed = new AtomicBoolean();

    static Shutdown onSignal(AutoCloseable resource) {
        Shutdown s = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (s.completed.get()) {
                return;
            }
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("frontier-watch: error while stopping: " + e.getMessage());
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "frontier-watch-shutdown"));
        return s;
    }

    void completed() {
        completed.set(true);
    }

    @Override
    public void close() {
        completed();
    }
}
