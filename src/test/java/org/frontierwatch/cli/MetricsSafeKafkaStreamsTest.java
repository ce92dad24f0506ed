package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class MetricsSafeKafkaStreamsTest {

    private static MetricName name(String name, String group, String store) {
        return new MetricName(name, group, "", Map.of("rocksdb-state-id", store, "task-id", "4_0"));
    }

    private static Metric constant(MetricName name, long value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    @Test
    void shouldHideOnlyTheTransactionalBuffersUncommittedBytesGauges() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        for (MetricName n : Set.of(name("uncommitted-bytes", "stream-state-metrics", "incidents-store"),
                name("uncommitted-bytes", "stream-state-metrics", "watermark-store"),
                name("estimate-num-keys", "stream-state-metrics", "incidents-store"),
                name("put-rate", "stream-state-metrics", "incidents-store"),
                new MetricName("process-rate", "stream-thread-metrics", "", Map.of("thread-id", "t-1")))) {
            metrics.put(n, constant(n, 1));
        }

        Map<MetricName, ? extends Metric> safe = MetricsSafeKafkaStreams.withoutUnsafeGauges(metrics);

        assertEquals(Set.of("estimate-num-keys", "put-rate", "process-rate"),
                Set.copyOf(safe.keySet().stream().map(MetricName::name).toList()));
        assertEquals(3, safe.size(), "every other metric kept");
    }
}
