package org.frontierwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.ReliabilityOracle.Outcome;

/**
 * Checks a real run against the oracle: consumes the {@code alerts} and dead-letter topics with read_committed, the
 * application's committed offsets and the broker's transactions; produces assertion failures that name what is
 * missing, duplicated or different. Every wait is bounded.
 */
public final class ReliabilityVerifier {

    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    private final String bootstrap;

    public ReliabilityVerifier(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** Sum of the application's committed offsets on {@code topic} (0 before its first commit). */
    public long committed(String appId, String topic) throws Exception {
        try (Admin admin = admin()) {
            return committedOffsets(admin, appId, topic).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Map<TopicPartition, Long> committedOffsets(String appId, String topic) throws Exception {
        try (Admin admin = admin()) {
            return committedOffsets(admin, appId, topic);
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String appId, String topic)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        all.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Waits until the application has committed every partition of {@code topics} up to its end offset. */
    public void awaitCaughtUp(String appId, Duration timeout, String... topics) throws Exception {
        AtomicReference<String> behind = new AtomicReference<>("");
        try (Admin admin = admin()) {
            Await.until(() -> {
                StringBuilder b = new StringBuilder();
                for (String topic : topics) {
                    Map<TopicPartition, Long> committed = committedOffsets(admin, appId, topic);
                    for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topic).entrySet()) {
                        long c = committed.getOrDefault(end.getKey(), 0L);
                        if (c < end.getValue()) {
                            b.append(' ').append(end.getKey()).append(" committed ").append(c).append(" < end ")
                                    .append(end.getValue());
                        }
                    }
                }
                behind.set(b.toString());
                return b.isEmpty();
            }, timeout, Duration.ofMillis(250), () -> "catching up:" + behind.get() + "\n" + diagnose(appId));
        }
    }

    /**
     * What a stuck run looks like from the broker: every transaction with its state, and each topic partition of the
     * application whose last stable offset (what read_committed readers can reach) lags its end offset.
     */
    public String diagnose(String appId) {
        StringBuilder b = new StringBuilder("broker view:");
        try (Admin admin = admin()) {
            List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId).toList();
            admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).forEach((id, d) -> b
                    .append("\n  transaction ").append(id).append(" ").append(d.state())
                    .append(" epoch ").append(d.producerEpoch())
                    .append(" started ").append(d.transactionStartTimeMs().isPresent()
                            ? Instant.ofEpochMilli(d.transactionStartTimeMs().getAsLong()) : "-")
                    .append(" partitions ").append(d.topicPartitions()));
            Set<String> topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            topics.removeIf(t -> t.startsWith("__"));
            for (String topic : topics) {
                Map<TopicPartition, Long> end = endOffsets(admin, topic);
                Map<TopicPartition, OffsetSpec> req = new LinkedHashMap<>();
                end.keySet().forEach(tp -> req.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(req,
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
                end.forEach((tp, e) -> {
                    long lso = stable.get(tp).offset();
                    if (lso < e) {
                        b.append("\n  ").append(tp).append(" last stable offset ").append(lso).append(" < end ")
                                .append(e);
                    }
                });
            }
            admin.describeConsumerGroups(List.of(appId)).all().get(30, TimeUnit.SECONDS).forEach((g, d) -> b
                    .append("\n  group ").append(g).append(" ").append(d.groupState()).append(" members ")
                    .append(d.members().size()));
        } catch (Exception e) {
            b.append("\n  (could not describe: ").append(e).append(")");
        }
        return b.toString();
    }

    /** Waits until the broker lists no transaction in an open state (a killed producer's is aborted by timeout). */
    public void awaitNoOpenTransactions(Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            Await.until(() -> {
                List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                        .map(TransactionListing::transactionalId).toList();
                return admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                        .filter(e -> e.getValue().state() == TransactionState.ONGOING
                                || e.getValue().state() == TransactionState.PREPARE_COMMIT
                                || e.getValue().state() == TransactionState.PREPARE_ABORT)
                        .map(e -> e.getKey() + "=" + e.getValue().state()).toList();
            }, List::isEmpty, timeout, Duration.ofMillis(250), open -> "no open transactions; still open: " + open);
        }
    }

    /** Everything committed on the alerts and dead-letter topics, as the oracle describes it. */
    public Outcome read(Topics topics, Duration timeout) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> alerts = readAll(topics.alerts(), timeout);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(topics.deadLetter(), timeout);
        Map<String, List<Alert>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : alerts) {
            Alert a = ALERTS.deserializer().deserialize(topics.alerts(), r.value());
            assertEquals(a.key(), new String(r.key(), StandardCharsets.UTF_8), "record key = alert key");
            byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(ReliabilityOracle.normalise(a));
        }
        Map<String, Integer> reportReasons = new TreeMap<>();
        Map<String, Integer> referenceReasons = new TreeMap<>();
        Set<String> reportSources = new HashSet<>();
        Set<String> referenceSources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            String topic = ReliabilityOracle.header(r.headers(), "dlq.source.topic");
            String reason = ReliabilityOracle.header(r.headers(), "dlq.reason");
            String source = topic + "/" + ReliabilityOracle.header(r.headers(), "dlq.source.partition") + "/"
                    + ReliabilityOracle.header(r.headers(), "dlq.source.offset");
            if (topic.equals(topics.incidentReports())) {
                if (!reportSources.add(source)) {
                    fail("report dead-lettered twice: " + source + " (" + reason + ")");
                }
                reportReasons.merge(reason, 1, Integer::sum);
            } else if (referenceSources.add(source)) {
                // Reference dead letters are at least once: count each source record once.
                referenceReasons.merge(topic + ":" + reason, 1, Integer::sum);
            }
        }
        return new Outcome(byKey, reportReasons, referenceReasons);
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) throws Exception {
        return readAll(topic, timeout, IsolationLevel.READ_COMMITTED);
    }

    /** Every record of {@code topic} a reader at {@code isolation} sees, partition by partition in offset order. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout, IsolationLevel isolation)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            // With read_committed, the end offsets are the last stable offsets: nothing past an open transaction.
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            Await.until(() -> {
                if (parts.stream().allMatch(tp -> c.position(tp, timeout) >= end.get(tp))) {
                    return true;
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return false;
            }, timeout, Await.NO_PAUSE, () -> "reading " + topic + " to its end");
        }
        return out;
    }

    /** The run's alerts and dead letters equal the oracle's: same keys, same messages in order, same counts. */
    public static void assertSameOutcome(Outcome expected, Outcome actual) {
        assertSameOutcome(expected, actual, () -> "");
    }

    /** As above; on a difference, {@code explain} adds what the failure message needs (read only then). */
    public static void assertSameOutcome(Outcome expected, Outcome actual, Supplier<String> explain) {
        Set<String> missing = new TreeSet<>(expected.alertsByKey().keySet());
        missing.removeAll(actual.alertsByKey().keySet());
        Set<String> unexpected = new TreeSet<>(actual.alertsByKey().keySet());
        unexpected.removeAll(expected.alertsByKey().keySet());
        List<String> different = new ArrayList<>();
        List<String> duplicatedAlerts = new ArrayList<>();
        for (Map.Entry<String, List<Alert>> e : actual.alertsByKey().entrySet()) {
            long alertMessages = e.getValue().stream().filter(a -> a.msgType().name().equals("Alert")).count();
            if (alertMessages > 1) {
                duplicatedAlerts.add(e.getKey() + " x" + alertMessages);
            }
            List<Alert> want = expected.alertsByKey().get(e.getKey());
            if (want != null && !want.equals(e.getValue())) {
                different.add(e.getKey() + ": expected " + summary(want) + " got " + summary(e.getValue()));
            }
        }
        StringBuilder problems = new StringBuilder();
        if (!missing.isEmpty()) {
            problems.append("\nmissing alert keys (").append(missing.size()).append("): ").append(first(missing));
        }
        if (!unexpected.isEmpty()) {
            problems.append("\nunexpected alert keys (").append(unexpected.size()).append("): ")
                    .append(first(unexpected));
        }
        if (!duplicatedAlerts.isEmpty()) {
            problems.append("\nkeys with more than one Alert: ").append(first(duplicatedAlerts));
        }
        if (!different.isEmpty()) {
            problems.append("\nkeys whose messages differ (").append(different.size()).append("): ")
                    .append(first(different));
        }
        if (!expected.reportDeadLetters().equals(actual.reportDeadLetters())) {
            problems.append("\nreport dead letters: expected ").append(expected.reportDeadLetters()).append(" got ")
                    .append(actual.reportDeadLetters());
        }
        if (!expected.referenceDeadLetters().equals(actual.referenceDeadLetters())) {
            problems.append("\nreference dead letters: expected ").append(expected.referenceDeadLetters())
                    .append(" got ").append(actual.referenceDeadLetters());
        }
        if (problems.length() > 0) {
            fail("the run differs from the oracle (" + expected.alertsByKey().size() + " keys, "
                    + expected.alertMessages() + " messages expected):" + problems + explain.get());
        }
    }

    private static String summary(List<Alert> messages) {
        return messages.stream().map(a -> a.msgType() + "#" + a.alertId() + "(" + a.content().severity() + ", "
                + a.content().incidentIds().size() + " incidents)").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String first(Collection<String> items) {
        return items.stream().limit(5).collect(Collectors.joining("; ")) + (items.size() > 5 ? "; ..." : "");
    }
}
