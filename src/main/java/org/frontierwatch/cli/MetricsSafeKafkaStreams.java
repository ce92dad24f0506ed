package org.frontierwatch.cli;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The Kafka Streams client the processor runs: consumes a topology and its properties; produces a {@link KafkaStreams}
 * whose {@link #metrics()} leaves out the transactional state stores' {@code uncommitted-bytes} gauges.
 *
 * <p>Kafka 4.4 (KIP-892) computes that gauge from the store's native RocksDB {@code WriteBatch}, which the stream
 * thread frees when it closes the store, before the store's metrics are removed. A metrics reader on another thread in
 * that window dereferences freed memory: on 2026-12-07 a processor died with SIGSEGV in
 * {@code WriteBatch.getDataSize} under Micrometer's refresh of Kafka Streams' metrics (which reads every metric when
 * the set changes, as it does in a rebalance), right after another instance was killed (RecoveryBenchmark, three
 * instances, a million incidents). Micrometer and the /metrics endpoint read Kafka's metrics through this method
 * only, so they never bind or read that gauge; every other metric is kept.
 */
final class MetricsSafeKafkaStreams extends KafkaStreams {

    /** The name of Kafka Streams' transactional-buffer gauge that is unsafe to read off the stream thread. */
    static final String UNCOMMITTED_BYTES = "uncommitted-bytes";

    MetricsSafeKafkaStreams(Topology topology, Properties props) {
        super(topology, props);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return withoutUnsafeGauges(super.metrics());
    }

    static Map<MetricName, ? extends Metric> withoutUnsafeGauges(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream().filter(e -> !UNCOMMITTED_BYTES.equals(e.getKey().name()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
