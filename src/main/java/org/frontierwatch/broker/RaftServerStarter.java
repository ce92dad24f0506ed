package org.frontierwatch.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Starts and stops Kafka's {@link KafkaRaftServer} for {@link EmbeddedKafkaBroker}: consumes a broker config,
 * produces a started server, or an exception on the calling thread where Kafka would have halted the JVM during
 * startup.
 */
final class RaftServerStarter {

    private static final Object STARTUP_LOCK = new Object();

    private RaftServerStarter() {
    }

    /**
     * Constructs and starts the server. Kafka reports a fatal fault during startup (e.g. the controller port taken
     * between our probe and its bind) by halting the JVM; while this thread starts the server, that halt becomes an
     * exception on this thread instead, so the caller can shut down, report and retry. Faults on other threads, and
     * faults after startup, still halt the JVM as they would in a standalone broker.
     */
    static KafkaRaftServer start(KafkaConfig config) {
        synchronized (STARTUP_LOCK) {
            Thread starter = Thread.currentThread();
            Exit.setHaltProcedure((code, message) -> {
                if (Thread.currentThread() == starter) {
                    throw new FatalStartupFault(code, message);
                }
                Runtime.getRuntime().halt(code);
            });
            Exit.setExitProcedure((code, message) -> {
                if (Thread.currentThread() == starter) {
                    throw new FatalStartupFault(code, message);
                }
                System.exit(code);
            });
            KafkaRaftServer server = null;
            try {
                server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                return server;
            } catch (RuntimeException | Error e) {
                shutdownQuietly(server);
                throw e;
            } finally {
                Exit.resetHaltProcedure();
                Exit.resetExitProcedure();
            }
        }
    }

    /** What Kafka's "halt the JVM" becomes while this class starts a server. */
    private static final class FatalStartupFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalStartupFault(int code, String message) {
            super("Kafka reported a fatal fault during startup and would have stopped the JVM (status " + code + ")"
                    + (message == null ? "" : ": " + message));
        }
    }

    static void shutdownQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // already failing: the original error is what matters
        }
    }
}
