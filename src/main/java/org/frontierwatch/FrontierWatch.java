package org.frontierwatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.topology.FrontierWatchTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Frontier Watch stream processor: loads the configuration, builds the topology, starts Kafka Streams and
 * closes it cleanly on SIGTERM/Ctrl-C. Usage: {@code java -jar frontier-watch.jar [config.properties]} (default
 * {@code config/frontier-watch.properties}).
 */
public final class FrontierWatch {

    private static final Logger LOG = LoggerFactory.getLogger(FrontierWatch.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private FrontierWatch() {
    }

    public static void main(String[] args) {
        Path configFile = Path.of(args.length > 0 ? args[0] : "config/frontier-watch.properties");
        AppConfig config;
        try {
            config = AppConfig.load(configFile);
        } catch (ConfigException e) {
            System.err.println("frontier-watch: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(run(config));
    }

    static Properties streamsProperties(AppConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "frontier-watch");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        // Alerts decide evacuations: a lost or duplicated alert is a real failure, so exactly-once by default.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.putAll(config.kafka());
        return p;
    }

    static int run(AppConfig config) {
        Topology topology = FrontierWatchTopology.build(config, FrontierSerdes.json(), PipelineMetrics.detached());
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config))) {
            streams.setStateListener((now, before) -> {
                LOG.info("Kafka Streams state {} -> {}", before, now);
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    stopped.countDown();
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                streams.close(CLOSE_TIMEOUT);
                stopped.countDown();
            }, "frontier-watch-shutdown"));
            streams.start();
            stopped.await();
            return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
