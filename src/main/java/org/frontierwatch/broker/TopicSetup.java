package org.frontierwatch.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.frontierwatch.config.Topics;

/**
 * Creates the topics Frontier Watch needs when they are missing: the reference and rules topics compacted (a
 * tombstone deletes, the latest value per key is kept forever), the acknowledgements compacted after a week and
 * deleted after 30 days, the others with the broker's default retention. Existing topics are left exactly as they
 * are.
 */
public final class TopicSetup {

    private static final long METADATA_RETRY_MS = 100;

    private TopicSetup() {
    }

    /**
     * The acknowledgements topic keeps every record this long before compaction may drop superseded ones (the audit
     * trail of who acknowledged what, when, is complete for a week) ...
     */
    static final String AUDIT_TRAIL_MS = String.valueOf(Duration.ofDays(7).toMillis());
    /** ... and deletes what is older than this (no acknowledgement outlives the alerts it can be about). */
    static final String ACK_RETENTION_MS = String.valueOf(Duration.ofDays(30).toMillis());

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
     * Creates the missing topics with {@code partitions} partitions and a replication factor of
     * min(3, brokers); returns the names created.
     */
    public static List<String> createMissing(Admin admin, Topics topics, int partitions, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        return createMissing(admin, specs(topics), partitions, timeout);
    }

    /** As above, for the topics of {@code specs} only (e.g. the rules topic, before {@code rules publish}). */
    public static List<String> createMissing(Admin admin, List<TopicSpec> specs, int partitions, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long ms = timeout.toMillis();
        Set<String> existing = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
        int brokers = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                NewTopic t = new NewTopic(spec.name(), spec.compacted() ? 1 : partitions, replication);
                if (spec.audited()) {
                    t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                                    + TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, AUDIT_TRAIL_MS,
                            TopicConfig.RETENTION_MS_CONFIG, ACK_RETENTION_MS));
                } else if (spec.compacted()) {
                    t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
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
