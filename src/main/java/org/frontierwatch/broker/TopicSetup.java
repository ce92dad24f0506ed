package org.frontierwatch.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.Topics;

/**
 * Creates the topics Frontier Watch needs when they are missing: the reference and rules topics compacted (a
 * tombstone deletes, the latest value per key is kept forever), the acknowledgements compacted after a week and
 * deleted after 30 days, the others with the broker's default retention; all with the {@link Replication} that
 * follows the cluster or the settings. Existing topics are left exactly as they are.
 */
public final class TopicSetup {

    private static final long METADATA_RETRY_MS = 100;

    private TopicSetup() {
    }

    /**
     * The acknowledgements topic keeps every record this long before compaction may drop superseded ones (the audit
     * trail of who acknowledged what, when, is complete for a week) ...
     */
    public static final String AUDIT_TRAIL_MS = String.valueOf(Duration.ofDays(7).toMillis());
    /** ... and deletes what is older than this (no acknowledgement outlives the alerts it can be about). */
    public static final String ACK_RETENTION_MS = String.valueOf(Duration.ofDays(30).toMillis());

    /**
     * Kafka Streams' own key for the replicas of its internal topics (changelogs, repartition), read here for ours
     * too: one setting for every topic of the application. Absent or below 1: min(3, brokers).
     */
    public static final String REPLICATION_FACTOR = "replication.factor";
    /** Kafka Streams' key for its internal topics' {@code min.insync.replicas}, also used for ours. */
    public static final String MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
    /** Where the two keys come from, for error messages: the Kafka properties of --config or FW_KAFKA_*. */
    static final String SETTINGS = "Kafka properties (--config, FW_KAFKA_*)";

    /**
     * How many brokers hold each partition, and how many must have a write before it counts: with three replicas
     * and two in sync, one broker may die (or restart for an upgrade) with nothing lost and nothing stopped.
     */
    public record Replication(short factor, int minInsync) {
        /** One broker: one replica, which must have every write. */
        public static final Replication SINGLE = new Replication((short) 1, 1);
    }

    /**
     * The replication the topics get: {@link #REPLICATION_FACTOR} and {@link #MIN_INSYNC_REPLICAS} when set, else
     * min(3, brokers) replicas of which min(2, replicas - 1), at least 1, must be in sync. A factor larger than the
     * cluster, or a minimum larger than the factor, is refused with the key and the numbers (topics created with them
     * would reject every write).
     */
    public static Replication replication(Admin admin, Properties kafka, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        return replication(admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size(),
                kafka);
    }

    /** {@link #replication(Admin, Properties, Duration)} for a cluster of {@code brokers}. */
    public static Replication replication(int brokers, Properties kafka) {
        Integer set = positive(kafka, REPLICATION_FACTOR);
        int factor = set != null ? set : Math.max(1, Math.min(3, brokers));
        if (factor > brokers) {
            throw new ConfigException(SETTINGS, REPLICATION_FACTOR, factor + " replicas, but the cluster has "
                    + brokers + " broker(s)");
        }
        Integer min = positive(kafka, MIN_INSYNC_REPLICAS);
        int minInsync = min != null ? min : Math.max(1, Math.min(2, factor - 1));
        if (minInsync > factor) {
            throw new ConfigException(SETTINGS, MIN_INSYNC_REPLICAS, minInsync + " in sync, but topics have "
                    + factor + " replica(s)");
        }
        return new Replication((short) factor, minInsync);
    }

    private static Integer positive(Properties kafka, String key) {
        String v = kafka.getProperty(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.strip());
            return n >= 1 ? n : null; // Kafka Streams' -1 means "the broker's default": ours follows the cluster
        } catch (NumberFormatException e) {
            throw new ConfigException(SETTINGS, key, "'" + v.strip() + "' is not a whole number");
        }
    }

    /** Topic name, whether it is compacted, and whether its superseded records stay for the audit trail. */
    public record TopicSpec(String name, boolean compacted, boolean audited) {
        public TopicSpec(String name, boolean compacted) {
            this(name, compacted, false);
        }
    }

    public static List<TopicSpec> specs(Topics topics) {
        return List.of(new TopicSpec(topics.incidentReports(), false), new TopicSpec(topics.sites(), true),
                new TopicSpec(topics.nationalities(), true), new TopicSpec(topics.districts(), true),
                new TopicSpec(topics.alerts(), false), new TopicSpec(topics.alertsCap(), false),
                new TopicSpec(topics.deadLetter(), false), new TopicSpec(topics.acknowledgements(), true, true),
                new TopicSpec(topics.rules(), true));
    }

    /**
     * Creates the missing topics with {@code partitions} partitions and the replication that follows the cluster
     * ({@link #replication} without settings); returns the names created.
     */
    public static List<String> createMissing(Admin admin, Topics topics, int partitions, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        return createMissing(admin, specs(topics), partitions, replication(admin, new Properties(), timeout),
                timeout);
    }

    /** As above, with the given replication. */
    public static List<String> createMissing(Admin admin, Topics topics, int partitions, Replication replication,
                                             Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        return createMissing(admin, specs(topics), partitions, replication, timeout);
    }

    /** As above, for the topics of {@code specs} only (e.g. the rules topic, before {@code rules publish}). */
    public static List<String> createMissing(Admin admin, List<TopicSpec> specs, int partitions,
                                             Replication replication, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long ms = timeout.toMillis();
        Set<String> existing = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                NewTopic t = new NewTopic(spec.name(), spec.compacted() ? 1 : partitions, replication.factor());
                Map<String, String> configs = new LinkedHashMap<>();
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInsync()));
                if (spec.audited()) {
                    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                            + TopicConfig.CLEANUP_POLICY_DELETE);
                    configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, AUDIT_TRAIL_MS);
                    configs.put(TopicConfig.RETENTION_MS_CONFIG, ACK_RETENTION_MS);
                } else if (spec.compacted()) {
                    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                }
                t.configs(configs);
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        try {
            admin.createTopics(missing).all().get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Another instance created it between our list and create: that is fine.
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    /**
     * The number of partitions of {@code topic}. A topic created a moment ago may not yet be in the metadata of the
     * broker that answers (KRaft propagates it asynchronously), so "unknown topic" is retried until {@code timeout}.
     */
    public static int partitionCount(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(left, TimeUnit.MILLISECONDS)
                        .get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                // Retry backoff, bounded by the deadline above.
                TimeUnit.MILLISECONDS.sleep(METADATA_RETRY_MS);
            }
        }
    }
}
