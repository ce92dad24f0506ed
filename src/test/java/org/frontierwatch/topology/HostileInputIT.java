package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input on a real KRaft broker with the real (exactly-once) processor: records near and far above the
 * broker's default 1 MB limit, random bytes and a million-element array between two good reports. The dead-letter
 * copies must be sendable (cut to 512 KiB), the processor must stay RUNNING, and both good reports must alert.
 */
@Tag("integration")
class HostileInputIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The reports topic accepts records up to 8 MB so that the 5 MB report reaches the processor at all: with the
     * default 1 MB limit the broker would refuse it and the test would prove nothing about the processor. Every
     * other topic keeps its defaults, so the dead-letter write is held to the ordinary 1 MB.
     */
    private static final int REPORTS_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    @TempDir
    Path tmp;

    private static String good(String id, String occurredAt) {
        return Fixtures.with(Fixtures.report(id, occurredAt), Map.of("fatalities", 1,
                "victim_nationalities", List.of("CN"), "origin_country", "AF")).toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Properties streamsProperties(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "hostile-app");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    private static void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.incidentReports(), 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                    Integer.toString(REPORTS_MAX_MESSAGE_BYTES)))))
                    .all().get(30, TimeUnit.SECONDS);
            TopicSetup.createMissing(admin, topics, 1, Duration.ofSeconds(30));
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldDeadLetterOversizedAndGarbledReportsOnARealBrokerAndKeepProcessingGoodOnes() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), "127.0.0.1", 0)) {
            String bootstrap = broker.bootstrapServers();
            AppConfig config = Fixtures.defaultConfig();
            Topics topics = config.topics();
            createTopics(bootstrap, topics);
            Properties clientProps = new Properties();
            clientProps.put("bootstrap.servers", bootstrap);
            ReferenceLoader.upsert(Fixtures.REFERENCE, topics, clientProps, Duration.ofSeconds(30));

            KafkaStreams streams = new KafkaStreams(
                    FrontierWatchTopology.build(config, FrontierSerdes.standard(), PipelineMetrics.detached(),
                            deadLetter -> { }),
                    streamsProperties(bootstrap, tmp.resolve("state")));
            CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            try (streams;
                 KafkaClients.Reader dlq = new KafkaClients.Reader(bootstrap, topics.deadLetter());
                 KafkaClients.Reader alerts = new KafkaClients.Reader(bootstrap, topics.alerts())) {
                streams.start();
                assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS), "not RUNNING: " + streams.state());

                byte[] nearLimit = utf8(Fixtures.with(Fixtures.report("near-limit", "2025-11-20T06:00:00Z"),
                        Map.of("notes", "n".repeat(900 * 1024))).toString());
                byte[] fiveMb = utf8(Fixtures.with(Fixtures.report("five-mb", "2025-11-20T06:00:00Z"),
                        Map.of("notes", "x".repeat(5 * 1024 * 1024))).toString());
                byte[] random = new byte[4096];
                new Random(20251126L).nextBytes(random);
                byte[] million = utf8(Fixtures.with(Fixtures.report("million", "2025-11-20T06:00:00Z"),
                        Map.of("actors", Collections.nCopies(1_000_000, "a"))).toString());

                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, REPORTS_MAX_MESSAGE_BYTES);
                p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * REPORTS_MAX_MESSAGE_BYTES);
                try (KafkaProducer<byte[], byte[]> producer =
                             new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                    String reports = topics.incidentReports();
                    for (Object[] r : List.<Object[]>of(
                            new Object[] {"good-before", utf8(good("good-before", "2025-11-20T00:00:00Z"))},
                            new Object[] {"near-limit", nearLimit},
                            new Object[] {"five-mb", fiveMb},
                            new Object[] {"random", random},
                            new Object[] {"million", million},
                            new Object[] {"good-after", utf8(good("good-after", "2025-11-21T00:00:00Z"))})) {
                        producer.send(new ProducerRecord<>(reports, utf8((String) r[0]), (byte[]) r[1]))
                                .get(30, TimeUnit.SECONDS);
                    }
                }

                List<ConsumerRecord<byte[], byte[]>> dead = dlq.readUntil(r -> r.size() >= 4, WAIT);
                assertEquals(List.of("near-limit", "five-mb", "random", "million"),
                        dead.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
                assertEquals(List.of("too_large", "too_large", "invalid_json", "too_large"),
                        dead.stream().map(r -> header(r, Names.HEADER_REASON)).toList());
                int[] originalSizes = {nearLimit.length, fiveMb.length, random.length, million.length};
                for (int i = 0; i < dead.size(); i++) {
                    ConsumerRecord<byte[], byte[]> r = dead.get(i);
                    boolean cut = originalSizes[i] > DeadLetterBounds.MAX_VALUE_BYTES;
                    assertEquals(cut ? "true" : null, header(r, Names.HEADER_TRUNCATED), "record " + i);
                    assertEquals(cut ? Integer.toString(originalSizes[i]) : null,
                            header(r, Names.HEADER_ORIGINAL_SIZE));
                    assertEquals(Math.min(originalSizes[i], DeadLetterBounds.MAX_VALUE_BYTES), r.value().length);
                }

                List<ConsumerRecord<byte[], byte[]>> read = alerts.readUntil(r -> r.stream()
                        .map(a -> ALERTS.deserializer().deserialize("", a.value()))
                        .anyMatch(a -> a.content().incidentIds().contains("good-after")), WAIT);
                List<Alert> fwk = read.stream().map(a -> ALERTS.deserializer().deserialize("", a.value()))
                        .filter(a -> a.content().ruleId().equals("foreign-workers-killed")).toList();
                assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-11-20",
                        "Update foreign-workers-killed/tj-panj/2025-11-20"),
                        fwk.stream().map(a -> a.msgType() + " " + a.key()).toList());
                assertEquals(List.of("good-before", "good-after"), fwk.get(1).content().incidentIds());
                assertEquals(KafkaStreams.State.RUNNING, streams.state(), "the processor is still running");
            }
        }
    }
}
