package org.frontierwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka and disk chores both benchmarks share: consumes a broker's bootstrap address; produces admin clients,
 * end offsets, and the removal of what a finished application left behind (internal topics, state directories).
 */
final class BenchKafka {

    private BenchKafka() {
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** The end offset of every partition of {@code topics} (transaction markers included). */
    static Map<TopicPartition, Long> ends(Admin admin, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> req = new LinkedHashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, d) -> d.partitions()
                .forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Deletes what a finished application leaves behind, so that the disk holds one at a time: its internal topics
     * ({@code <app>-…}), every topic named {@code <prefix>-…} for the extra prefixes, and its state directories. A
     * long benchmark otherwise keeps tens of GB of broker logs until the very end. Failures are printed, not thrown:
     * the measurements already taken stand.
     */
    static void dropApplication(String bootstrap, String app, List<String> extraPrefixes, Path... states) {
        try (Admin admin = admin(bootstrap)) {
            List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(app + "-") || extraPrefixes.stream().anyMatch(x -> t.startsWith(x + "-")))
                    .toList();
            admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.printf("bench: could not delete the topics of %s: %s%n", app, e.getMessage());
        }
        for (Path state : states) {
            deleteQuietly(state);
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            System.out.println("bench: could not delete " + dir + ": " + e);
        }
    }
}
