package org.frontierwatch.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontierwatch.model.Alert;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.text.LogSafe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tail}: prints alerts as they are committed, one per line (JSON, or CAP XML documents), reading with
 * isolation level read_committed and without a consumer group (nothing is committed on the cluster).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print alerts as lines: JSON (topic alerts), CAP 1.2 XML (topic alerts-cap) or readable text "
                + "(topic alerts: type, severity, response, key, headline, sites).")
final class TailCommand implements Callable<Integer> {

    enum Format { json, cap, text }

    @Option(names = "--topic", description = "Default: alerts, or alerts-cap with --format cap.")
    String topic;

    @Option(names = "--format", defaultValue = "json", description = "json, cap or text. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--from-beginning", description = "Start from the oldest alert instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max-messages", paramLabel = "N", description = "Exit after N messages.")
    Long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "N",
            description = "Exit (code 0) once no message has arrived for N ms.")
    Long timeoutMs;

    @Mixin
    ClientOptions connection;

    @Override
    public Integer call() {
        String t = topic != null ? topic : (format == Format.cap ? "alerts-cap" : "alerts");
        Properties p = connection.connect();
        Duration connect = connection.connectTimeout();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        PrintStream out = System.out;
        boolean colour = format == Format.text && ConsoleLog.colour(System.getenv());
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(t, connect);
            if (infos == null || infos.isEmpty()) {
                throw new CliException("topic '" + t + "' does not exist on " + p.getProperty("bootstrap.servers"));
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(t, i.partition())));
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(tp -> consumer.position(tp, connect));
            long lastMessage = System.currentTimeMillis();
            while (maxMessages == null || printed < maxMessages) {
                boolean any = false;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    out.println(format == Format.text ? text(r.value(), colour)
                            : oneLine(new String(r.value(), StandardCharsets.UTF_8)));
                    any = true;
                    if (maxMessages != null && ++printed >= maxMessages) {
                        break;
                    }
                }
                out.flush();
                if (any) {
                    lastMessage = System.currentTimeMillis();
                } else if (timeoutMs != null && System.currentTimeMillis() - lastMessage >= timeoutMs) {
                    break;
                }
            }
        }
        return 0;
    }

    /** An alert as {@code demo} prints it; a value that is not an alert is shown as one line of its text. */
    static String text(byte[] value, boolean colour) {
        try {
            return AlertLine.format(TEXT_SERDE.deserializer().deserialize(null, value), colour);
        } catch (RuntimeException e) {
            return "(not an alert) " + LogSafe.clip(new String(value, StandardCharsets.UTF_8));
        }
    }

    private static final JsonSerde<Alert> TEXT_SERDE =
            new JsonSerde<>(Alert.class);

    /** One message per output line, whatever newlines a producer put in it. */
    static String oneLine(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value : value.replaceAll("\\R\\s*", " ");
    }
}
