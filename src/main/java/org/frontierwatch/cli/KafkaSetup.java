package org.frontierwatch.cli;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.frontierwatch.broker.DeadLetterProducer;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.metrics.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of start-up: consumes the runner's settings; produces a reachable cluster (an embedded broker when
 * no bootstrap server is configured), the topics, the reference data on its topics, and the dead-letter producer of
 * the reference topology. Closing stops what it started (the producer, then the embedded broker).
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

    private KafkaSetup(EmbeddedKafkaBroker broker, String bootstrapServers, Properties kafka,
                       Properties clientProps, DeadLetterProducer deadLetters, int intakePartitions) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.kafka = kafka;
        this.clientProps = clientProps;
        this.deadLetters = deadLetters;
        this.intakePartitions = intakePartitions;
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
            int intakePartitions = createTopics(s, clientProps);
            if (s.referenceDir() != null) {
                ReferenceLoader.Loaded loaded = ReferenceLoader.upsert(s.referenceDir(), s.config().topics(),
                        clientProps, s.brokerTimeout());
                LOG.info("Reference data from {}: {} record(s) changed", s.referenceDir(), loaded.sent());
            }
            DeadLetterProducer deadLetters = new DeadLetterProducer(clientProps, metrics);
            return new KafkaSetup(broker, bootstrap, kafka, clientProps, deadLetters, intakePartitions);
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

    /** Creates the missing topics; returns the number of partitions of the reports topic. */
    private static int createTopics(ProcessorRunner.Settings s, Properties clientProps)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(clientProps)) {
            List<String> created = TopicSetup.createMissing(admin, s.config().topics(), s.partitions(),
                    s.brokerTimeout());
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
            String reports = s.config().topics().incidentReports();
            return TopicSetup.partitionCount(admin, reports, s.brokerTimeout());
        }
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
