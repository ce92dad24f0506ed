package org.frontierwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.testing.ScenarioGenerator.Sent;
import org.frontierwatch.validation.ReportParser;
import org.frontierwatch.validation.ReportValidationException;

/**
 * Explains a run that differs from the oracle: reads the reports topic back and compares it, record by record, with
 * what was sent (did the broker keep every acknowledged record, in order?), then lists each record that the
 * stateless checks reject but that has no committed dead letter, and what the broker says of transactions and
 * last stable offsets. Produces text for the failure message, asserts nothing.
 */
public final class InputAudit {

    private static final Set<String> STATELESS = Set.of("not_an_object", "invalid_json", "missing_field",
            "negative_value", "unknown_event_type", "missing_key", "key_mismatch", "future_timestamp");

    private InputAudit() {
    }

    public static String explain(ReliabilityVerifier verifier, String app, AppConfig config, List<Sent> sent,
                                 Duration timeout) {
        StringBuilder b = new StringBuilder("\ninput audit:");
        try {
            Map<Integer, List<Sent>> sentByPartition = new HashMap<>();
            sent.forEach(s -> sentByPartition.computeIfAbsent(s.partition(), p -> new ArrayList<>()).add(s));
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> stored = new HashMap<>();
            verifier.readAll(config.topics().incidentReports(), timeout)
                    .forEach(r -> stored.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
            String reports = config.topics().incidentReports();
            Set<String> lettered = sources(reports, verifier.readAll(config.topics().deadLetter(), timeout));
            // Written but never committed: in an aborted transaction, or one still open on the partition.
            Set<String> uncommitted = sources(reports, verifier.readAll(config.topics().deadLetter(), timeout,
                    IsolationLevel.READ_UNCOMMITTED));
            ReportParser parser = new ReportParser(config.validation());
            sentByPartition.forEach((partition, records) -> {
                List<ConsumerRecord<byte[], byte[]>> got = stored.getOrDefault(partition, List.of());
                b.append("\n  partition ").append(partition).append(": sent ").append(records.size())
                        .append(", stored ").append(got.size());
                for (int i = 0; i < Math.min(records.size(), got.size()); i++) {
                    ConsumerRecord<byte[], byte[]> r = got.get(i);
                    if (!Arrays.equals(records.get(i).key(), r.key())
                            || !Arrays.equals(records.get(i).value(), r.value())) {
                        b.append("; first difference at offset ").append(r.offset());
                        break;
                    }
                }
                for (ConsumerRecord<byte[], byte[]> r : got) {
                    String reason = statelessReason(parser, r);
                    if (reason != null && !lettered.contains(partition + "/" + r.offset())) {
                        b.append("\n    no dead letter for offset ").append(r.offset()).append(" (")
                                .append(reason).append(uncommitted.contains(partition + "/" + r.offset())
                                        ? "; one was written uncommitted" : "; none written").append(')');
                    }
                }
            });
        } catch (Exception e) {
            b.append(" could not read back: ").append(e);
        }
        return b.append('\n').append(verifier.diagnose(app)).toString();
    }

    /** partition/offset of each dead letter whose source record was on {@code topic}. */
    private static Set<String> sources(String topic, List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            if (!topic.equals(ReliabilityOracle.header(r.headers(), "dlq.source.topic"))) {
                continue;
            }
            sources.add(ReliabilityOracle.header(r.headers(), "dlq.source.partition") + "/"
                    + ReliabilityOracle.header(r.headers(), "dlq.source.offset"));
        }
        return sources;
    }

    /** The reason the intake rejects this record for without looking at its state, or null. */
    private static String statelessReason(ReportParser parser, ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return "missing_key";
        }
        String key = ReportParser.decodeKey(r.key());
        if (key == null) {
            return "key_mismatch";
        }
        if (r.value() == null) {
            return null;
        }
        try {
            return key.equals(parser.parse(r.value(), Instant.now()).id()) ? null : "key_mismatch";
        } catch (ReportValidationException e) {
            return STATELESS.contains(e.reason().code()) ? e.reason().code() : null;
        }
    }
}
