package org.frontierwatch.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.frontierwatch.topology.BoundedRocksDbMemory;

/**
 * The Kafka Streams configuration of the processor: consumes the operator's Kafka properties and the state
 * directory, produces Frontier Watch's defaults (exactly-once, recovery settings, static membership) with every
 * operator setting on top, and this instance's {@code application.server}.
 */
final class StreamsProperties {

    static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
    static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;
    static final long DEFAULT_RECORD_CACHE_BYTES = 32L << 20;

    private StreamsProperties() {
    }

    static Properties of(Properties kafka, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "frontier-watch");
        // Alerts decide evacuations: a lost or duplicated alert is a real failure, so exactly-once by default.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Run the global thread's processors under the processing exception handler, as Kafka 5.0 will by default.
        // No handler of our own is set, deliberately: the global-store updaters dead-letter bad reference records
        // themselves and never throw on data, and on the stream threads Kafka's default (log and fail) is what an
        // exactly-once alerting pipeline wants: a failure is replaced and retried (StreamThreadFailures), where
        // "continue" would drop a report and its alerts without a trace.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Kafka 4.4's partition assignor re-reads the main consumer's configs as a StreamsConfig
        // (AssignorConfiguration) and warns that the setting above is off, because the consumer's configs carry only
        // consumer keys. Pass it to the main consumer too, so that copy agrees with the real one.
        p.put(StreamsConfig.MAIN_CONSUMER_PREFIX + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
                "true");
        // One bound on the off-heap memory of all RocksDB stores (frontier.state.rocksdb-memory-mb).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        // Recovery defaults (docs/reliability.md, Recovery settings). A dead member's partitions wait out its session
        // timeout: Kafka's 45 s (KIP-735, Kafka 3.0) becomes 10 s, Kafka's own default before 3.0, with its 3 s
        // heartbeat.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
        // A survivor cannot start a dead member's tasks while that member's last transaction is open (its offset
        // commit is pending); the broker aborts it once it is older than transaction.timeout.ms, at its next check
        // (every 10 s by default). Streams' 10 s made takeovers take 12-18 s (measured); 5 s keeps them under 20 s.
        // Our transactions last one commit interval (100 ms), so 5 s is still ample.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        // Kafka Streams' record cache (on the heap, one per stream thread, shared by every store of its tasks) keeps
        // one write per key per commit. At Kafka's 10 MB the rule groups' reads filled it between commits, and
        // evicting a dirty entry flushes every dirty entry of that store: each report's state went to RocksDB and the
        // changelog several times (4.7-5.9 changelog records per report on the benchmark's busy shape, 3.1 at 32 MiB).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(DEFAULT_RECORD_CACHE_BYTES));
        // Transactional state stores (KIP-892, Kafka 4.4): a task's store writes wait in a buffer until its
        // transaction commits and then reach RocksDB as one batch, instead of one write per cache flush. Measured with
        // RecoveryBenchmark (100,000 reports, 12 partitions, one instance, docs/capacity.md): 1,807-2,294 reports/s at
        // 565-765 CPU-us each, against 331-831 at 1,394-3,097 without; after a kill -9 only what lay past the last
        // commit is restored (29,015 records against 1,085,578: every partition again after 13.6 s against 21.4 s).
        // Queries (the query API, the console) then read what is committed, never a write a crash would take back.
        p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        p.put(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, "READ_COMMITTED");
        p.putAll(kafka);
        if (stateDir != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        // Static membership by default: a restart on the same state directory rejoins as the same member and gets
        // its tasks back at once, instead of waiting for the coordinator to expire the dead member. An explicit
        // group.instance.id wins; an empty one means dynamic membership.
        String instance = p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instance == null && p.getProperty(StreamsConfig.STATE_DIR_CONFIG) != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    InstanceId.forStateDir(Path.of(p.getProperty(StreamsConfig.STATE_DIR_CONFIG))));
        } else if (instance != null && instance.isBlank()) {
            p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return p;
    }

    /**
     * This instance's {@code application.server}: as configured, else the HTTP endpoint's address and port (the
     * host name when it binds every interface).
     */
    static HostInfo applicationServer(Properties kafka, String bindAddress, int port) {
        String configured = kafka.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (configured != null && !configured.isBlank()) {
            int colon = configured.lastIndexOf(':');
            try {
                return new HostInfo(configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new CliException("application.server '" + configured + "' is not host:port");
            }
        }
        String host = bindAddress;
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return new HostInfo(host, port);
    }
}
