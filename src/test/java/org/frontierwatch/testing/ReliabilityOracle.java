package org.frontierwatch.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Alert.AlertReference;
import org.frontierwatch.testing.ScenarioGenerator.Scenario;
import org.frontierwatch.testing.ScenarioGenerator.Sent;

/**
 * The expected outcome of a generated scenario: consumes a {@link Scenario}, produces per alert key the exact list
 * of alert messages (send times removed) and the dead letters by reason, computed offline by one fault-free,
 * single-threaded run of the production topology (TopologyTestDriver) in the order the records are sent. The
 * generator makes that order-independent across partitions (see {@link ScenarioGenerator}); the dead-letter counts
 * are checked against the generator's own expectation, so the oracle is not only the code judging itself.
 */
public final class ReliabilityOracle {

    /** Alert messages per key in order, dead letters by reason (reference ones as {@code topic:reason}). */
    public record Outcome(Map<String, List<Alert>> alertsByKey, Map<String, Integer> reportDeadLetters,
                          Map<String, Integer> referenceDeadLetters) {

        public int alertMessages() {
            return alertsByKey.values().stream().mapToInt(List::size).sum();
        }
    }

    private ReliabilityOracle() {
    }

    public static Outcome expected(Scenario scenario, AppConfig config) {
        try (TopologyHarness harness = new TopologyHarness(config)) {
            pipe(harness, scenario, config);
            Map<String, List<Alert>> alerts = new LinkedHashMap<>();
            harness.alertRecords().forEach(r -> alerts.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(normalise(r.value())));
            Map<String, Integer> reportDeadLetters = new TreeMap<>();
            harness.deadLetters().forEach(r -> reportDeadLetters.merge(header(r.headers(), "dlq.reason"), 1,
                    Integer::sum));
            Map<String, Integer> referenceDeadLetters = new TreeMap<>();
            harness.referenceDeadLetters.forEach(r -> referenceDeadLetters.merge(
                    header(r.headers(), "dlq.source.topic") + ":" + header(r.headers(), "dlq.reason"), 1,
                            Integer::sum));
            return new Outcome(alerts, reportDeadLetters, referenceDeadLetters);
        }
    }

    /** Sends the scenario's reference records, then its reports, in order, through the driver. */
    public static void pipe(TopologyHarness harness, Scenario scenario, AppConfig config) {
        for (Sent s : scenario.reference()) {
            String key = s.key() == null ? null : new String(s.key(), StandardCharsets.UTF_8);
            String value = s.value() == null ? null : new String(s.value(), StandardCharsets.UTF_8);
            if (s.topic().equals(config.topics().sites())) {
                harness.site(key, value);
            } else if (s.topic().equals(config.topics().districts())) {
                harness.district(key, value);
            } else {
                harness.nationality(key, value);
            }
        }
        for (Sent s : scenario.reports()) {
            harness.report(s.key(), s.value());
        }
    }

    /**
     * The message without what depends on the wall clock when it was sent ({@code sent}, {@code expires}); its
     * {@code as_of} is event time, and stays.
     */
    public static Alert normalise(Alert a) {
        List<AlertReference> refs = a.references().stream().map(r -> new AlertReference(r.alertId(), null)).toList();
        return new Alert(a.key(), a.alertId(), a.msgType(), refs, a.content(), null, null, a.asOf());
    }

    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
