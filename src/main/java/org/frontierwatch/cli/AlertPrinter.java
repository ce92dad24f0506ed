package org.frontierwatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.JsonSerde;

/**
 * Reads committed alerts (all, or only new ones) and prints each as one readable line ({@link AlertLine}):
 * consumes the alerts topic, produces lines on a stream and a count by message type. {@code demo} prints all of
 * them, {@code run} on a terminal only new ones.
 */
final class AlertPrinter implements Runnable {
    private final Properties props = new Properties();
    private final String topic;
    private final PrintStream out;
    private final boolean colour;
    private final boolean fromBeginning;
    /** Counts by message type, with the closing {@code Update}s (response AllClear) counted on their own. */
    private final Map<String, AtomicInteger> byType = new LinkedHashMap<>();
    private final AtomicLong lastPrinted = new AtomicLong(System.nanoTime());
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);

    AlertPrinter(Properties client, String topic, PrintStream out, boolean colour, boolean fromBeginning) {
        this.props.putAll(client);
        this.props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.props.put(ConsumerConfig.CLIENT_ID_CONFIG, "frontier-watch-alert-printer");
        this.topic = topic;
        this.out = out;
        this.colour = colour;
        this.fromBeginning = fromBeginning;
        for (String t : List.of(MsgType.Alert.name(), MsgType.Update.name(), ResponseType.AllClear.name(),
                MsgType.Cancel.name())) {
            byType.put(t, new AtomicInteger());
        }
    }

    @Override
    public void run() {
        JsonSerde<Alert> serde = new JsonSerde<>(Alert.class);
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                serde.deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position);
            assigned.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        out.println(AlertLine.format(r.value(), colour));
                        byType.get(r.value().countedAs()).incrementAndGet();
                        lastPrinted.set(System.nanoTime());
                    }
                }
                out.flush();
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("frontier-watch: alert reader stopped: " + e.getMessage());
            }
        } finally {
            assigned.countDown();
            finished.countDown();
        }
    }

    /** E.g. "6 Alert, 1 Update, 0 AllClear, 0 Cancel", as the backtest summary counts them. */
    String byType() {
        return byType.entrySet().stream().map(e -> e.getValue().get() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    void awaitAssigned(Duration timeout) throws InterruptedException {
        assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until at least one alert was printed and none for {@code quiet}, or until {@code max}. */
    void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (printed() > 0 && System.nanoTime() - lastPrinted.get() >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(50); // polling a condition with a deadline, not synchronising on time
        }
    }

    int printed() {
        return byType.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Stops reading; true for the call that stopped it, so a summary is printed once. */
    boolean stop() {
        return running.getAndSet(false);
    }

    /** {@link #stop()}, then waits (at most 5 s) until the reader has closed its consumer: before the broker goes. */
    boolean stopAndAwait() {
        boolean first = stop();
        try {
            finished.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return first;
    }
}
