package org.frontierwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.frontierwatch.broker.DeadLetterProducer;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.rules.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of start-up: consumes the runner's settings; produces a reachable cluster (an embedded broker when
 * no bootstrap server is configured), the topics, the reference data on its topics, the rules in force (seeding the
 * rules topic from the rules file when it is empty), and the dead-letter producer of the reference topology.
 * Closing stops what it started (the producer, then the embedded broker).
 */
final class KafkaSetup implements AutoCloseable {

    // The runner's log category: these lines have always been the runner's, and operators filter on it.
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final Properties kafka;
    private final Properties clientProps;
    private final DeadLetterProducer deadLetters;
    private final int intakePartitions;
    private final List<Rule> rules;

    private KafkaSetup(EmbeddedKafkaBroker broker, String bootstrapServers, Properties kafka,
                       Properties clientProps, DeadLetterProducer deadLetters, int intakePartitions, List<Rule> rules) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.kafka = kafka;
        this.clientProps = clientProps;
        this.deadLetters = deadLetters;
        this.intakePartitions = intakePartitions;
        this.rules = rules;
    }

    /**
     * Connects (starting the embedded broker if need be), creates missing topics, upserts the reference data and
     * opens the dead-letter producer. Throws {@link CliException} (or the broker's one-line start failure) having
     * closed whatever it had started.
     */
    static KafkaSetup prepare(ProcessorRunner.Settings s, PipelineMetrics metrics) {
        EmbeddedKafkaBroker broker = null;
        try {
            Properties kafka = new Properties();
            kafka.putAll(s.config().kafka());
            String bootstrap = s.bootstrap() != null ? s.bootstrap() : kafka.getProperty("bootstrap.servers");
            if (bootstrap == null || bootstrap.isBlank()) {
                broker = EmbeddedKafkaBroker.start(s.dataDir().resolve("kafka"), s.embeddedHost(), s.embeddedPort());
                bootstrap = broker.bootstrapServers();
                LOG.info("Embedded Kafka broker (KRaft) listening on {}, data in {}", bootstrap, s.dataDir());
            }
            kafka.setProperty("bootstrap.servers", bootstrap);
            KafkaChecks.requireReachable(kafka, s.brokerTimeout());
            Properties clientProps = ClientSettings.forClients(kafka);
            int intakePartitions = createTopics(s, clientProps, kafka);
            List<Rule> rules = rulesInForce(s, clientProps);
            if (s.referenceDir() != null) {
                ReferenceLoader.Loaded loaded = ReferenceLoader.upsert(s.referenceDir(), s.config().topics(),
                        clientProps, s.brokerTimeout());
                LOG.info("Reference data from {}: {} record(s) changed", s.referenceDir(), loaded.sent());
            }
            DeadLetterProducer deadLetters = new DeadLetterProducer(clientProps, metrics);
            return new KafkaSetup(broker, bootstrap, kafka, clientProps, deadLetters, intakePartitions, rules);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(broker);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new CliException("Kafka setup failed: " + cause.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(broker);
            Thread.currentThread().interrupt();
            throw new CliException("interrupted during start-up", e);
        } catch (RuntimeException e) {
            closeQuietly(broker);
            throw e;
        }
    }

    /**
     * Creates the missing topics; returns the number of partitions of the reports topic. The replication it chose is
     * put into {@code kafka} under Kafka Streams' own keys, so that the changelog and repartition topics Kafka Streams
     * creates get the same (its default, -1, would take the broker's {@code default.replication.factor}, often 1).
     */
    private static int createTopics(ProcessorRunner.Settings s, Properties clientProps, Properties kafka)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProps)) {
            TopicSetup.Replication replication = TopicSetup.replication(admin, kafka, s.brokerTimeout());
            kafka.setProperty(TopicSetup.REPLICATION_FACTOR, Short.toString(replication.factor()));
            kafka.setProperty(TopicSetup.MIN_INSYNC_REPLICAS, Integer.toString(replication.minInsync()));
            LOG.info("Topics: {} replica(s), {} in sync", replication.factor(), replication.minInsync());
            List<String> created = TopicSetup.createMissing(admin, s.config().topics(), s.partitions(), replication,
                    s.brokerTimeout());
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
            String reports = s.config().topics().incidentReports();
            return TopicSetup.partitionCount(admin, reports, s.brokerTimeout());
        }
    }

    /**
     * The rules in force: the rules topic's when it holds any record; else the rules file's, which are published to
     * it (so that every instance, and {@code rules list}, see the same). A rules file that differs from a non-empty
     * topic is not applied: the log says which rules differ and how to publish them.
     */
    private static List<Rule> rulesInForce(ProcessorRunner.Settings s, Properties clientProps)
            throws ExecutionException, InterruptedException, TimeoutException {
        String topic = s.config().topics().rules();
        RulesTopic.Contents contents = RulesTopic.read(clientProps, topic, s.brokerTimeout());
        Map<String, String> file;
        try {
            file = RuleDocuments.ofFile(s.rulesFile().toString(), Files.readString(s.rulesFile()));
        } catch (IOException e) {
            throw new CliException("cannot read rules file " + s.rulesFile() + ": " + e.getMessage(), e);
        }
        if (contents.isEmpty()) {
            RulesTopic.publish(clientProps, topic, file, s.brokerTimeout());
            LOG.info("Rules topic {} was empty: published the {} rules of {}", topic, file.size(), s.rulesFile());
            return s.config().rules();
        }
        contents.rejected().forEach(r -> LOG.warn("Rules topic {}: a record that changed nothing: {}", topic, r));
        Set<String> differ = new TreeSet<>();
        file.forEach((id, value) -> {
            Rule inForce = contents.rules().get(id);
            if (inForce == null || !Objects.equals(inForce.version(), RuleDocuments.version(value))) {
                differ.add(id);
            }
        });
        contents.rules().keySet().stream().filter(id -> !file.containsKey(id)).forEach(differ::add);
        LOG.info("Rules in force from topic {}: {}", topic, contents.rules().keySet());
        if (!differ.isEmpty()) {
            LOG.warn("Rules file {} differs from the rules in force (topic {}) in {}: the topic's are applied; "
                    + "`frontier-watch rules diff {}` shows the differences, `rules publish` applies the file",
                    s.rulesFile(), topic, differ, s.rulesFile());
        }
        return List.copyOf(contents.rules().values());
    }

    List<Rule> rules() {
        return rules;
    }

    /** The cluster's {@code bootstrap.servers}: as configured, or the embedded broker's. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The operator's Kafka properties with {@code bootstrap.servers} resolved: the base of the Streams config. */
    Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** What plain clients (producers, consumers, admin) need to connect: bootstrap servers and security. */
    Properties clientProperties() {
        return clientProps;
    }

    /** Partitions of the reports topic at start-up: how many intake tasks feed each rule task's watermark. */
    int intakePartitions() {
        return intakePartitions;
    }

    DeadLetterProducer deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        closeQuietly(deadLetters);
        closeQuietly(broker);
    }

    private static void closeQuietly(DeadLetterProducer producer) {
        if (producer != null) {
            try {
                producer.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the dead-letter producer failed: {}", e.getMessage());
            }
        }
    }

    private static void closeQuietly(EmbeddedKafkaBroker broker) {
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the embedded broker failed: {}", e.getMessage());
            }
        }
    }
}
