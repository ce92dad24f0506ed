package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceStoreLayout;
import org.frontierwatch.reference.ReferenceValidator;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.text.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global reference store in step with its compacted topic: consumes (key, JSON) records, writes the parsed
 * value under the keys of {@link ReferenceStoreLayout}, deletes on a tombstone, and rejects (counts and logs, never
 * throws) a record that is not valid JSON of the right shape or that {@link ReferenceValidator} refuses, such as one
 * whose key does not match its id. Rejected records are dead-lettered through {@link ReferenceDeadLetters}, bounded
 * by {@link DeadLetterBounds} and with the headers of a rejected report ({@link DeadLetterHeaders}). Runs on the
 * global thread, where an exception would stop the whole client; Kafka Streams also replays the topic through this
 * processor when it restores the store ({@code StreamsBuilder#addGlobalStore} restores by reprocessing), so derived
 * index entries survive restarts.
 */
abstract class ReferenceStoreUpdater<T> implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceStoreUpdater.class);
    /** Longest parser message put in {@code dlq.detail}; Jackson's type prefix alone takes about 75. */
    private static final int MAX_DETAIL_LENGTH = 300;

    private final String table;
    private final String storeName;
    private final JsonSerde<T> serde;
    private final PipelineMetrics metrics;
    private final ReferenceDeadLetters deadLetters;
    private final String deadLetterTopic;
    private final ReferenceVersion version;
    private ProcessorContext<Void, Void> context;
    protected KeyValueStore<String, T> store;

    ReferenceStoreUpdater(String table, String storeName, JsonSerde<T> serde, Wiring wiring) {
        this.table = table;
        this.storeName = storeName;
        this.serde = serde;
        this.metrics = wiring.metrics();
        this.deadLetters = wiring.deadLetters();
        this.deadLetterTopic = wiring.deadLetterTopic();
        this.version = wiring.version();
    }

    /** What every updater shares: metrics, where its dead letters go, the version readers' caches follow. */
    record Wiring(PipelineMetrics metrics, ReferenceDeadLetters deadLetters, String deadLetterTopic,
                  ReferenceVersion version) {
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            reject(record, "missing_key", "record without key", null);
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            delete(key);
            version.bump();
            return;
        }
        T value;
        try {
            value = serde.deserializer().deserialize(table, record.value());
        } catch (RuntimeException e) {
            reject(record, "invalid_json", oneLine(e.getMessage()), key);
            return;
        }
        String problem = ReferenceValidator.problem(key, value);
        if (problem != null) {
            reject(record, "invalid_value", problem, key);
            return;
        }
        upsert(key, value);
        version.bump();
    }

    /** Stores a valid value read under {@code key}, replacing what was stored under it. */
    abstract void upsert(String key, T value);

    /** Removes what is stored under {@code key}, index entries included. */
    abstract void delete(String key);

    /** Counts, logs and dead-letters: the key and bytes (bounded), with the same headers as a rejected report. */
    private void reject(Record<byte[], byte[]> record, String reason, String detail, String key) {
        metrics.referenceRejected(table, reason);
        LOG.warn("Rejected {} record key={}: {}", table, key == null ? "null" : printable(key), printable(detail));
        deadLetters.send(DeadLetterHeaders.deadLetter(deadLetterTopic, record, reason, detail,
                context.recordMetadata()));
    }

    /** Untrusted text for a log line: one line, control characters escaped, at most 200 characters. */
    static String printable(String s) {
        return LogSafe.clip(s);
    }

    /** A parser's message as a {@code dlq.detail}: its first line, clipped and escaped like every detail. */
    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return LogSafe.clip(nl < 0 ? message : message.substring(0, nl), MAX_DETAIL_LENGTH);
    }

    /** Sites: stored under their id, and once more under their district index key when they have an admin2. */
    static final class Sites extends ReferenceStoreUpdater<Site> {
        Sites(JsonSerde<Site> serde, Wiring wiring) {
            super("sites", Names.SITES_STORE, serde, wiring);
        }

        @Override
        void upsert(String key, Site site) {
            delete(key);
            store.put(ReferenceStoreLayout.siteKey(key), site);
            String index = ReferenceStoreLayout.siteIndexKey(site);
            if (index != null) {
                store.put(index, site);
            }
        }

        @Override
        void delete(String key) {
            Site old = store.delete(ReferenceStoreLayout.siteKey(key));
            String index = old == null ? null : ReferenceStoreLayout.siteIndexKey(old);
            if (index != null) {
                store.delete(index);
            }
        }
    }

    /** Nationalities: stored under their code. */
    static final class Nationalities extends ReferenceStoreUpdater<Nationality> {
        Nationalities(JsonSerde<Nationality> serde, Wiring wiring) {
            super("nationalities", Names.NATIONALITIES_STORE, serde, wiring);
        }

        @Override
        void upsert(String key, Nationality nationality) {
            store.put(ReferenceStoreLayout.nationalityKey(key), nationality);
        }

        @Override
        void delete(String key) {
            store.delete(ReferenceStoreLayout.nationalityKey(key));
        }
    }

    /**
     * Districts: stored under their id and indexed under each of their names (id, name, aliases). A name already
     * taken by another district keeps pointing to that district (and is logged).
     */
    static final class Districts extends ReferenceStoreUpdater<District> {
        private static final Logger LOG = LoggerFactory.getLogger(Districts.class);

        Districts(JsonSerde<District> serde, Wiring wiring) {
            super("districts", Names.DISTRICTS_STORE, serde, wiring);
        }

        @Override
        void upsert(String key, District district) {
            delete(key);
            store.put(ReferenceStoreLayout.districtIdKey(key), district);
            ReferenceStoreLayout.districtNames(district).forEach(name -> index(district, name));
        }

        private void index(District district, String name) {
            String nameKey = ReferenceStoreLayout.districtNameKey(district.country(), name);
            District existing = store.get(nameKey);
            if (existing != null && !existing.districtId().equals(district.districtId())) {
                LOG.warn("District name '{}' of {} is already used by {}; keeping {}", printable(name),
                        printable(district.districtId()), printable(existing.districtId()),
                        printable(existing.districtId()));
                return;
            }
            store.put(nameKey, district);
        }

        @Override
        void delete(String key) {
            District old = store.delete(ReferenceStoreLayout.districtIdKey(key));
            if (old == null) {
                return;
            }
            for (String name : ReferenceStoreLayout.districtNames(old)) {
                String nameKey = ReferenceStoreLayout.districtNameKey(old.country(), name);
                District indexed = store.get(nameKey);
                if (indexed != null && indexed.districtId().equals(key)) {
                    store.delete(nameKey);
                }
            }
        }
    }
}
