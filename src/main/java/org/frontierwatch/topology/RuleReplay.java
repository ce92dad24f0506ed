package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentState;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleBook;

/**
 * The intake's side of a rule change: when a rule is new to the intake task, or measures or groups incidents
 * differently ({@link Rule#measure}), the incidents the task still holds are routed to that rule alone, oldest first,
 * so that it is evaluated over what already happened and not only from the next report. Consumes the {@link RuleBook}
 * and the incidents store; produces (incident, header) pairs for the intake to forward, each marked with
 * {@link #HEADER} so that the router sends it to that rule only. Each rule's measure is kept (as a digest) in the
 * intake's watermark store, committed with the forwarded changes under exactly-once; a task that has never kept
 * them (new, or state written before rules could change) adopts the rules in force without replaying anything.
 */
final class RuleReplay {

    /** Names the one rule a replayed change is for. */
    static final String HEADER = "frontier-watch.replay-rule";
    private static final String MEASURE_KEY = "rule-measure/";
    private static final String TRACKED_KEY = "rule-measures-kept";

    private final RuleBook book;
    private RuleBook.Snapshot seen;

    RuleReplay(RuleBook book) {
        this.book = book;
    }

    /** Forgets what was seen: the task's stores may have been restored or wiped since. */
    void reset() {
        seen = null;
    }

    /**
     * Replays the held incidents to every rule that needs them, once per change of the rules in force.
     *
     * @param out told each incident to forward and the headers that route it to its rule alone
     * @return how many changes were forwarded
     */
    int apply(KeyValueStore<String, IncidentState> incidents, KeyValueStore<String, Long> meta,
              BiConsumer<Incident, Headers> out) {
        RuleBook.Snapshot now = book.snapshot();
        if (now == seen) {
            return 0;
        }
        seen = now;
        boolean tracked = meta.get(TRACKED_KEY) != null;
        List<Rule> replay = new ArrayList<>();
        for (Rule rule : now.rules()) {
            long digest = rule.measureDigest();
            Long was = meta.get(MEASURE_KEY + rule.id());
            if (was == null || was != digest) {
                meta.put(MEASURE_KEY + rule.id(), digest);
                if (tracked) {
                    replay.add(rule);
                }
            }
        }
        if (!tracked) {
            meta.put(TRACKED_KEY, 1L);
        }
        // A rule taken out of force is forgotten: put back later, it is new again and gets the held incidents.
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = meta.prefixScan(MEASURE_KEY, new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (now.get(kv.key.substring(MEASURE_KEY.length())) == null) {
                    gone.add(kv.key);
                }
            });
        }
        gone.forEach(meta::delete);
        int sent = 0;
        for (Rule rule : replay) {
            List<Incident> held = new ArrayList<>();
            try (KeyValueIterator<String, IncidentState> it = incidents.all()) {
                while (it.hasNext()) {
                    KeyValue<String, IncidentState> kv = it.next();
                    Incident incident = kv.value.retracted() ? null : kv.value.latest();
                    if (incident != null && rule.filter().matches(incident)) {
                        held.add(incident);
                    }
                }
            }
            held.sort(Comparator.comparing(Incident::occurredAt).thenComparing(i -> i.report().id()));
            Headers headers = new RecordHeaders().add(HEADER, rule.id().getBytes(StandardCharsets.UTF_8));
            held.forEach(i -> out.accept(i, headers));
            sent += held.size();
        }
        return sent;
    }

    /** The rule a replayed change is for, or null for an ordinary change (for every rule). */
    static String ruleOf(Headers headers) {
        Header h = headers.lastHeader(HEADER);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
