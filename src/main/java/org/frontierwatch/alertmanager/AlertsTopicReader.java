package org.frontierwatch.alertmanager;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.metrics.AlertmanagerMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code alerts} topic (read_committed, so only what exactly-once processing committed) into a
 * {@link BridgeView}. Instances share the topic's partitions through a consumer group of their own; a partition this
 * instance is given is read again from {@code lookback} ago (the longest alert lifetime plus the resolved retention,
 * found by record timestamp, which is the message's {@code sent} time), so that after a restart or a partition move
 * the view holds exactly the alerts active now, without any committed offset. A partition taken away is dropped
 * from the view without resolving anything: its new owner sends the same label sets.
 */
public final class AlertsTopicReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SEEK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final BridgeView view;
    private final Duration lookback;
    private final AlertmanagerMetrics metrics;
    private final Clock clock;
    private volatile boolean running = true;

    public AlertsTopicReader(Properties clientProps, String groupId, String topic, BridgeView view, Duration lookback,
                             AlertmanagerMetrics metrics, Clock clock) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Positions come from the lookback seek on every assignment, never from committed offsets.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Cooperative: a rebalance moves only the partitions that change owner, the rest are not re-read.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.view = view;
        this.lookback = lookback;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        take(r);
                    }
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    // The bridge must never take processing down: log, wait a poll interval, carry on.
                    LOG.warn("Reading {} for Alertmanager failed: {}; retrying", topic, e.toString());
                    if (running) {
                        view.awaitChange(Long.MAX_VALUE, POLL);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the Alertmanager bridge's consumer: {}", e.toString());
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            metrics.unreadable();
            LOG.warn("Skipping an empty message on {}-{} at offset {} (not an alert)", topic, r.partition(),
                    r.offset());
            return;
        }
        Alert alert;
        try {
            alert = Json.mapper().readValue(r.value(), Alert.class);
        } catch (IOException | RuntimeException e) {
            metrics.unreadable();
            LOG.warn("Skipping an unreadable message on {}-{} at offset {}: {}", topic, r.partition(), r.offset(),
                    e.getMessage());
            return;
        }
        if (alert.key() == null || alert.content().ruleId() == null || alert.msgType() == null) {
            metrics.unreadable();
            LOG.warn("Skipping a message without key, rule_id or msg_type on {}-{} at offset {}", topic,
                    r.partition(), r.offset());
            return;
        }
        view.apply(r.partition(), alert);
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            long from = clock.millis() - lookback.toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from));
            try {
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, SEEK_TIMEOUT);
                for (TopicPartition tp : partitions) {
                    OffsetAndTimestamp o = found.get(tp);
                    if (o != null) {
                        consumer.seek(tp, o.offset());
                    } else {
                        consumer.seekToEnd(List.of(tp)); // nothing sent within the lookback
                    }
                }
            } catch (KafkaException e) {
                // Reading too much is safe (old messages end up resolved and dropped); missing alerts is not.
                LOG.warn("Cannot find offsets by time on {} ({}); reading {} from the beginning", topic, e.toString(),
                        partitions);
                consumer.seekToBeginning(partitions);
            }
            LOG.info("Alertmanager bridge reads {} from {} ago", partitions, lookback);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> view.dropPartition(tp.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
