package org.frontierwatch.cli;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.metrics.StandbyUpdateLog;
import org.frontierwatch.metrics.StateRestoreLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Kafka Streams client running: consumes a factory of clients and their state changes; produces the
 * current client, a new client when the current one dies (ERROR) or stalls while rebalancing, bounded by a
 * {@link RestartBudget}, and a call to {@code onStoppedForGood} when the client stopped by itself or the budget is
 * spent.
 */
final class StreamsSupervisor implements AutoCloseable {

    // The runner's log category: operators (and CliIT) look for "ProcessorRunner - Kafka Streams state".
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** A client that died (ERROR) is rebuilt and restarted at most this many times per {@link #RESTART_WINDOW}. */
    static final int MAX_RESTARTS = 5;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);
    /**
     * A client that stays in REBALANCING this long without any restore progress is replaced, as if it had failed.
     * Seen under broker bounces with Kafka 4.4: after a fenced producer's tasks were closed dirty, the restoration
     * of some changelog partitions stopped for good, silently, leaving their tasks unprocessed (root cause not
     * found; a new client restores them at once). A long but progressing restore is not a stall.
     */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STALL_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final Supplier<KafkaStreams> factory;
    private final StreamThreadFailures threadFailures;
    private final RestartBudget restarts;
    private final PipelineMetrics metrics;
    private final Consumer<KafkaStreams> onReplaced;
    private final Runnable onStoppedForGood;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "frontier-watch-supervisor");
        t.setDaemon(true);
        return t;
    });
    /** Clients being replaced: their last state changes (closing after ERROR) say nothing about the runner. */
    private final Set<KafkaStreams> retired = ConcurrentHashMap.newKeySet();
    private volatile KafkaStreams streams;
    private volatile StateRestoreLog restoreLog;
    private volatile long rebalancingSinceNanos = -1;
    private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;
    private volatile boolean stopped;

    /**
     * @param factory          builds a new client, with a topology of its own, on every call
     * @param threadFailures   the uncaught-exception handler of every client's stream threads
     * @param restarts         how many clients may replace failed ones, and how often
     * @param metrics          where each client's restore progress is recorded
     * @param onReplaced       told of each replacement client before it starts (metrics rebind to it)
     * @param onStoppedForGood told when the client stopped by itself or the restart budget is spent
     */
    StreamsSupervisor(Supplier<KafkaStreams> factory, StreamThreadFailures threadFailures, RestartBudget restarts,
                      PipelineMetrics metrics, Consumer<KafkaStreams> onReplaced, Runnable onStoppedForGood) {
        this.factory = factory;
        this.threadFailures = threadFailures;
        this.restarts = restarts;
        this.metrics = metrics;
        this.onReplaced = onReplaced;
        this.onStoppedForGood = onStoppedForGood;
    }

    /** Builds and starts the first client, and the stall watchdog. */
    synchronized void start() {
        KafkaStreams first = factory.get();
        streams = first;
        watch(first);
        first.start();
        executor.scheduleWithFixedDelay(() -> {
            try {
                checkForStall();
            } catch (RuntimeException e) {
                LOG.warn("Stall check failed: {}", e.toString()); // and keep checking
            }
        }, STALL_CHECK_INTERVAL.toSeconds(), STALL_CHECK_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** The client running now (a replacement after a failure); null before {@link #start()}. */
    KafkaStreams current() {
        return streams;
    }

    /** The current client's last state change. */
    KafkaStreams.State lastState() {
        return lastState;
    }

    boolean failed() {
        return lastState == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.ERROR;
    }

    private void watch(KafkaStreams instance) {
        StateRestoreLog log = new StateRestoreLog(metrics);
        restoreLog = log;
        instance.setGlobalStateRestoreListener(log);
        instance.setStandbyUpdateListener(new StandbyUpdateLog(metrics));
        instance.setUncaughtExceptionHandler(threadFailures);
        // Called on Streams' own threads (a stream thread, the global thread or the closing thread).
        instance.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (retired.contains(instance)) {
                return;
            }
            lastState = now;
            rebalancingSinceNanos = now == KafkaStreams.State.REBALANCING ? System.nanoTime() : -1;
            if (now == KafkaStreams.State.ERROR && !stopped) {
                // On the supervisor's thread, not the Streams thread reporting the change: closing the failed
                // client waits (up to CLOSE_TIMEOUT) for that client's threads to finish.
                executor.execute(() -> replace(instance, "stopped in ERROR"));
            } else if (now == KafkaStreams.State.NOT_RUNNING && !stopped && instance == streams) {
                onStoppedForGood.run();
            }
        });
    }

    /** Runs every 10 s on the supervisor: replaces a client whose rebalancing has stalled (see STALL_TIMEOUT). */
    private void checkForStall() {
        KafkaStreams current = streams;
        long since = rebalancingSinceNanos;
        StateRestoreLog log = restoreLog;
        long now = System.nanoTime();
        if (stopped || since < 0 || current.state() != KafkaStreams.State.REBALANCING || log == null) {
            return;
        }
        long stall = STALL_TIMEOUT.toNanos();
        if (now - since > stall && now - log.lastActivityNanos() > stall) {
            LOG.error("Kafka Streams has been rebalancing for {} s without any restore progress; replacing the client",
                    (now - since) / 1_000_000_000L);
            replace(current, "stalled while rebalancing");
        }
    }

    /**
     * A client in ERROR cannot be revived (a dead global thread, for one, is never replaced), but a new client on
     * the same state directory and application id resumes from the committed offsets, exactly-once. Bounded: once
     * the restart budget is spent the supervisor gives up and reports the client stopped for good.
     */
    private synchronized void replace(KafkaStreams failed, String why) {
        if (stopped || failed != streams) {
            return;
        }
        if (!restarts.tryRestart()) {
            LOG.error("Kafka Streams failed {} times within {}; giving up", restarts.max(), restarts.window());
            onStoppedForGood.run();
            return;
        }
        retired.add(failed);
        failed.close(CLOSE_TIMEOUT);
        LOG.warn("Kafka Streams {}; starting a new client (restart {} of at most {} per {})", why,
                restarts.used(), restarts.max(), restarts.window());
        KafkaStreams replacement = factory.get();
        watch(replacement);
        streams = replacement;
        onReplaced.accept(replacement);
        replacement.start();
    }

    /**
     * Stops supervising: no more replacements, and the client's next state changes are the closing caller's doing.
     * Waits for a replacement under way to finish.
     */
    synchronized void stop() {
        stopped = true;
        executor.shutdownNow();
    }

    /** {@link #stop()}, then closes the current client, leaving the consumer group. */
    @Override
    public synchronized void close() {
        stop();
        KafkaStreams current = streams;
        if (current != null) {
            // Leave the group on a clean stop: a restart (or another instance) takes the partitions over at once
            // instead of waiting out the session timeout of a member that is gone.
            current.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
