package org.frontierwatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.frontierwatch.imports.ImportResult;
import org.frontierwatch.imports.Importers;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.serde.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import acled|ucdp FILE}: consumes an ACLED export (and its Deletions export) or a UCDP GED export;
 * produces report JSON lines on stdout ({@code {"tombstone": ID}} for a deletion), or sends them to
 * {@code incident-reports} with {@code --produce}. Every row that cannot be mapped is named on stderr with its line
 * and reason, and counted; the exit code is then 1.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert an ACLED or UCDP GED export (CSV) to incident reports: JSON lines on stdout, or "
                + "sent to incident-reports with --produce.")
final class ImportCommand implements Callable<Integer> {

    enum Format { acled, ucdp }

    @Parameters(index = "0", paramLabel = "acled|ucdp", description = "The export's format.")
    Format format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The export (CSV).")
    Path file;

    @Option(names = "--deletions", paramLabel = "FILE",
            description = "ACLED's Deletions export (event_id_cnty, deleted_timestamp): each row becomes a tombstone.")
    Path deletions;

    @Option(names = "--produce", description = "Send the reports to Kafka instead of printing them.")
    boolean produce;

    @Option(names = "--topic", defaultValue = "incident-reports",
            description = "With --produce. Default: ${DEFAULT-VALUE}.")
    String topic;

    /** Connection options, used with {@code --produce} only. */
    @Mixin
    ClientOptions connection;

    @Override
    public Integer call() throws Exception {
        if (deletions != null && format != Format.acled) {
            throw new CliException("--deletions is for ACLED's Deletions export only");
        }
        PrintStream err = System.err;
        ImportResult result;
        try {
            result = Importers.read(format.name(), file, deletions);
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
        result.skipped().forEach(s -> err.println("frontier-watch: skipped " + s));
        long tombstones = result.records().stream().filter(ReportRecord::isTombstone).count();
        long sent = produce ? send(result) : print(result);
        err.println("frontier-watch: " + result.rows() + " rows read, " + (produce ? "sent " : "wrote ") + sent
                + " records (" + (result.records().size() - tombstones) + " reports, " + tombstones
                + " tombstones), skipped " + result.skipped().size() + " rows");
        return result.skipped().isEmpty() && sent == result.records().size() ? 0 : 1;
    }

    private static long print(ImportResult result) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16), false);
        for (ReportRecord r : result.records()) {
            out.println(r.isTombstone() ? Json.mapper().createObjectNode().put("tombstone", r.key()).toString()
                    : r.value());
        }
        out.flush();
        return result.records().size();
    }

    private long send(ImportResult result) {
        ClientOptions options = connection;
        Properties p = options.connect();
        Duration timeout = options.connectTimeout();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ReportRecord r : result.records()) {
                if (failure.get() != null) {
                    break; // e.g. the topic does not exist: every further send would wait out max.block.ms too
                }
                producer.send(new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8),
                        r.isTombstone() ? null : r.value().getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            System.err.println("frontier-watch: some records were not acknowledged: " + failure.get().getMessage());
        }
        return acked.get();
    }
}
