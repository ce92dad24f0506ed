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
import org.junit.jupiter.api.Test;

/** Unit tests of {@link TopicSetup#partitionCount}: an Admin whose describe answers are scripted. */
class TopicSetupTest {

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
