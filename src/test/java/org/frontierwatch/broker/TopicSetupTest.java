package org.frontierwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.frontierwatch.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of {@link TopicSetup#partitionCount} (an Admin whose describe answers are scripted) and of the
 * replication it gives topics.
 */
class TopicSetupTest {

    private static Properties settings(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void shouldFollowTheClusterSizeUnlessTold() {
        assertEquals(TopicSetup.Replication.SINGLE, TopicSetup.replication(1, settings()));
        assertEquals(new TopicSetup.Replication((short) 2, 1), TopicSetup.replication(2, settings()));
        assertEquals(new TopicSetup.Replication((short) 3, 2), TopicSetup.replication(3, settings()),
                "three replicas, two in sync: one broker may go with nothing lost or stopped");
        assertEquals(new TopicSetup.Replication((short) 3, 2), TopicSetup.replication(6, settings()));
        assertEquals(new TopicSetup.Replication((short) 5, 3), TopicSetup.replication(6,
                settings("replication.factor", "5", "topic.min.insync.replicas", "3")));
        assertEquals(new TopicSetup.Replication((short) 3, 2), TopicSetup.replication(3,
                settings("replication.factor", "-1")), "Kafka Streams' -1 (broker default): follow the cluster");
    }

    @Test
    void shouldRefuseReplicationTheClusterCannotGiveNamingTheKey() {
        ConfigException tooMany = assertThrows(ConfigException.class,
                () -> TopicSetup.replication(1, settings("replication.factor", "3")));
        assertTrue(tooMany.getMessage().contains("replication.factor: 3 replicas, but the cluster has 1 broker(s)"),
                tooMany.getMessage());
        ConfigException tooStrict = assertThrows(ConfigException.class,
                () -> TopicSetup.replication(3, settings("topic.min.insync.replicas", "4")));
        assertTrue(tooStrict.getMessage().contains("topic.min.insync.replicas: 4 in sync, but topics have 3"),
                tooStrict.getMessage());
        ConfigException notANumber = assertThrows(ConfigException.class,
                () -> TopicSetup.replication(3, settings("replication.factor", "three")));
        assertTrue(notANumber.getMessage().contains("'three' is not a whole number"), notANumber.getMessage());
    }

    /** The broker's metadata lags the creation of the topic: the first answers say "unknown topic". */
    @Test
    void shouldWaitForAJustCreatedTopicToReachTheMetadataBeforeCountingItsPartitions() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Admin admin = describing(() -> calls.incrementAndGet() <= 3
                ? new UnknownTopicOrPartitionException("This server does not host this topic-partition.")
                : null, 4);
        assertEquals(4, TopicSetup.partitionCount(admin, "incident-reports", Duration.ofSeconds(10)));
        assertEquals(4, calls.get());
    }

    @Test
    void shouldGiveUpOnAnUnknownTopicWhenTheTimeoutPasses() {
        Admin admin = describing(() -> new UnknownTopicOrPartitionException("unknown"), 4);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> TopicSetup.partitionCount(admin, "incident-reports", Duration.ofMillis(300)));
        assertTrue(e.getCause() instanceof UnknownTopicOrPartitionException);
    }

    @Test
    void shouldNotRetryOtherErrors() {
        AtomicInteger calls = new AtomicInteger();
        Admin admin = describing(() -> {
            calls.incrementAndGet();
            return new TopicAuthorizationException("denied");
        }, 4);
        assertThrows(ExecutionException.class,
                () -> TopicSetup.partitionCount(admin, "incident-reports", Duration.ofSeconds(10)));
        assertEquals(1, calls.get());
    }

    /** An Admin whose only working call is describeTopics: it fails with the supplied error or answers. */
    private static Admin describing(Supplier<RuntimeException> error, int partitions) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("describeTopics")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String topic = ((Collection<?>) args[0]).iterator().next().toString();
                    KafkaFutureImpl<TopicDescription> future = new KafkaFutureImpl<>();
                    RuntimeException failure = error.get();
                    if (failure != null) {
                        future.completeExceptionally(failure);
                    } else {
                        List<TopicPartitionInfo> infos = new ArrayList<>();
                        for (int p = 0; p < partitions; p++) {
                            infos.add(new TopicPartitionInfo(p, null, List.of(), List.of()));
                        }
                        future.complete(new TopicDescription(topic, false, infos));
                    }
                    return new DescribeTopicsResult(null, Map.<String, KafkaFuture<TopicDescription>>of(topic,
                            future)) {
                    };
                });
    }
}
