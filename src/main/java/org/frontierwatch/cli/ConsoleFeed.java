package org.frontierwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.config.Topics;
import org.frontierwatch.console.Acknowledgement;
import org.frontierwatch.console.Acknowledgements;
import org.frontierwatch.console.LiveEvents;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator console follows, read by every instance from every partition (no consumer group, so that each
 * instance sees all of it and browsers behind any of them see the same): the {@code alerts} topic from its end (each
 * committed message becomes a live {@code alert} event) and the acknowledgements topic from its beginning (into
 * {@link Acknowledgements}; once replayed, one {@code resync} event, then an {@code ack} event each). A failure of
 * the consumer is logged and it starts again after {@link #RETRY}; a record it cannot read is logged, counted and
 * skipped.
 */
final class ConsoleFeed implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration WAIT_FOR_STREAMS = Duration.ofMillis(250);
    static final Duration AFTER_RUNNING = Duration.ofSeconds(5);

    private final Properties clientProps;
    private final Topics topics;
    private final Acknowledgements acks;
    private final LiveEvents events;
    private final Clock clock;
    private final Consumer<String> skipped;
    private final BooleanSupplier streamsRunning;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    private ConsoleFeed(Properties clientProps, Topics topics, Acknowledgements acks, LiveEvents events,
                        Clock clock, Consumer<String> skipped, BooleanSupplier streamsRunning) {
        this.skipped = skipped;
        this.streamsRunning = streamsRunning;
        this.clientProps = clientProps;
        this.topics = topics;
        this.acks = acks;
        this.events = events;
        this.clock = clock;
        this.thread = new Thread(this, "frontier-watch-console-feed");
        thread.setDaemon(true);
    }

    /**
     * Starts following {@link #AFTER_RUNNING} after {@code streamsRunning} first holds (so that a restart after a
     * crash spends its CPU on Kafka Streams' recovery, not on the console); {@code skipped} is told the topic of
     * each record that could not be read.
     */
    static ConsoleFeed start(Properties clientProps, Topics topics, Acknowledgements acks, LiveEvents events,
                             Consumer<String> skipped, BooleanSupplier streamsRunning) {
        ConsoleFeed feed = new ConsoleFeed(clientProps, topics, acks, events, Clock.systemUTC(), skipped,
                streamsRunning);
        feed.thread.start();
        return feed;
    }

    @Override
    public void run() {
        try {
            while (!streamsRunning.getAsBoolean()) {
                if (stop.await(WAIT_FOR_STREAMS.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            // The first commits after a restart are what recovery is measured by (and what the fault tests hold
            // to 10 s on two cores): the console's consumer starts after them, not beside them.
            if (stop.await(AFTER_RUNNING.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        while (stop.getCount() > 0) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("The console feed failed; starting again in {}", RETRY, e);
            }
            try {
                stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Alerts are written in transactions: only committed ones are shown, as every other reader sees them.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "frontier-watch-console-feed");
        return p;
    }

    private void follow(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> alertParts = partitions(c, topics.alerts());
        List<TopicPartition> ackParts = partitions(c, topics.acknowledgements());
        List<TopicPartition> all = new ArrayList<>(alertParts);
        all.addAll(ackParts);
        c.assign(all);
        c.seekToEnd(alertParts);
        c.seekToBeginning(ackParts);
        Map<TopicPartition, Long> ackEnds = c.endOffsets(ackParts);
        Instant pruned = clock.instant();
        boolean caughtUp = false;
        while (stop.getCount() > 0) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                if (r.topic().equals(topics.alerts())) {
                    alert(r);
                } else {
                    ack(r, caughtUp);
                }
            }
            if (!caughtUp && ackParts.stream().allMatch(tp -> c.position(tp) >= ackEnds.get(tp))) {
                // Replayed acknowledgements are not streamed one by one (that would flood every browser); pages
                // reload once instead, which also covers alerts missed while this consumer was starting again.
                caughtUp = true;
                acks.prune(clock.instant());
                acks.markReady();
                events.publish("resync", "{}");
                LOG.info("Console: {} acknowledgements read from {}", acks.size(), topics.acknowledgements());
            }
            if (clock.instant().isAfter(pruned.plus(PRUNE_EVERY))) {
                pruned = clock.instant();
                acks.prune(pruned);
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private void alert(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            JsonNode tree = Json.mapper().readTree(r.value());
            if (!tree.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            acks.annotate(Json.mapper().treeToValue(tree, Alert.class), (ObjectNode) tree);
            events.publish("alert", Json.mapper().writeValueAsString(tree));
        } catch (Exception e) {
            LOG.warn("Console: skipped an alert record it cannot read ({} partition {} offset {})", r.topic(),
                    r.partition(), r.offset());
            skipped.accept(r.topic());
        }
    }

    /** Applies one acknowledgement record; streams it to the browsers once the replay of the topic is done. */
    private void ack(ConsumerRecord<byte[], byte[]> r, boolean live) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (key == null) {
            LOG.warn("Console: skipped an acknowledgement without key ({} offset {})", r.topic(), r.offset());
            skipped.accept(r.topic());
            return;
        }
        try {
            if (r.value() == null) {
                acks.apply(key, null);
                if (live) {
                    events.publish("ack-removed", Json.mapper().writeValueAsString(Map.of("key", key)));
                }
                return;
            }
            Acknowledgement ack = Json.mapper().readValue(r.value(), Acknowledgement.class);
            if (ack.at().isBefore(clock.instant().minus(Acknowledgements.RETENTION))) {
                return; // older than any alert it could still be about
            }
            acks.apply(key, ack);
            if (live) {
                events.publish("ack", Json.mapper().writeValueAsString(ack));
            }
        } catch (Exception e) {
            LOG.warn("Console: skipped an unreadable acknowledgement of '{}' ({} offset {}): {}", LogSafe.clip(key),
                    r.topic(), r.offset(), LogSafe.clip(String.valueOf(e.getMessage())));
            skipped.accept(r.topic());
        }
    }

    @Override
    public void close() {
        stop.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            try {
                c.wakeup();
            } catch (RuntimeException e) {
                // Already closed: the thread is on its way out.
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
