package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleBook;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted rules topic on the global thread: consumes (rule id, rule as YAML or JSON) records and
 * tombstones, produces the {@link RuleBook} the router and the evaluator read, and the rules store (the raw record
 * of every rule in force). A record that is not one valid rule under its own id ({@code rules check}'s checks)
 * changes nothing: the version in force stays, and the record is dead-lettered with the reason and counted. Kafka
 * Streams replays the topic through this processor when it restores the store, so the book is rebuilt on restart.
 */
final class RuleStoreUpdater implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleStoreUpdater.class);
    private static final int MAX_DETAIL_LENGTH = 300;

    private final RuleBook book;
    private final PipelineMetrics metrics;
    private final ReferenceDeadLetters deadLetters;
    private final String deadLetterTopic;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> store;

    RuleStoreUpdater(RuleBook book, PipelineMetrics metrics, ReferenceDeadLetters deadLetters,
                     String deadLetterTopic) {
        this.book = book;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(Names.RULES_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            reject(record, "missing_key", "record without key: the key is the rule id", null);
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            store.delete(key);
            if (book.remove(key)) {
                LOG.info("Rule {} taken out of force (tombstone on the rules topic)", LogSafe.clip(key));
            }
            metrics.rulesInForce(book.snapshot().rules());
            return;
        }
        String value = new String(record.value(), StandardCharsets.UTF_8);
        Rule rule;
        try {
            rule = RuleDocuments.parseRecord(key, value);
        } catch (ConfigException e) {
            reject(record, "invalid_rule", LogSafe.clip(e.getMessage(), MAX_DETAIL_LENGTH), key);
            return;
        }
        Rule before = book.snapshot().get(key);
        store.put(key, value);
        book.put(rule);
        metrics.rulesInForce(book.snapshot().rules());
        if (before == null || !Objects.equals(before.version(), rule.version())) {
            LOG.info("Rule {} version {} in force (was {})", rule.id(), rule.version(),
                    before == null ? "none" : before.version());
        }
    }

    /** Counts, logs and dead-letters a record that changes nothing: the version in force stays. */
    private void reject(Record<byte[], byte[]> record, String reason, String detail, String key) {
        metrics.ruleRejected(reason);
        LOG.warn("Rejected rules record key={}: {}; the version in force (if any) stays",
                key == null ? "null" : LogSafe.clip(key), LogSafe.clip(detail));
        deadLetters.send(DeadLetterHeaders.deadLetter(deadLetterTopic, record, reason, detail,
                context.recordMetadata()));
    }
}
