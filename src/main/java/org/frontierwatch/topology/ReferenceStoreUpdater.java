package org.frontierwatch.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.serde.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.frontierwatch.validation.LogSafe;

/**
 * Keeps a global reference store in step with its compacted topic: consumes (key, JSON) records, writes the parsed
 * value, deletes on a tombstone, and rejects (counts and logs, never throws) a record that is not valid JSON of the
 * right shape or whose key does not match its id (dead-lettered through {@link ReferenceDeadLetters}). Runs on the global thread, where an exception would stop the
 * whole client; Kafka Streams also replays the topic through this processor when it restores the store
 * ({@code StreamsBuilder#addGlobalStore} restores by reprocessing), so derived index entries survive restarts.
 */
abstract class ReferenceStoreUpdater<T> implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceStoreUpdater.class);

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
            reject(record, "invalid_json", String.valueOf(e.getMessage()), key);
            return;
        }
        String problem = value == null ? "empty value" : problem(key, value);
        if (problem != null) {
            reject(record, "invalid_value", problem, key);
            return;
        }
        upsert(key, value);
        version.bump();
    }

    /** A reason the value cannot be stored under this key, or null when it is fine. */
    abstract String problem(String key, T value);

    void upsert(String key, T value) {
        store.put(key, value);
    }

    void delete(String key) {
        store.delete(key);
    }

    /** Counts, logs and dead-letters (original key and bytes, with the same headers as a rejected report). */
    private void reject(Record<byte[], byte[]> record, String reason, String detail, String key) {
        metrics.referenceRejected(table, reason);
        LOG.warn("Rejected {} record key={}: {}", table, key == null ? "null" : printable(key), printable(detail));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Names.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Names.HEADER_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(md -> {
            headers.add(Names.HEADER_TOPIC, md.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(Names.HEADER_PARTITION, Integer.toString(md.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(Names.HEADER_OFFSET, Long.toString(md.offset()).getBytes(StandardCharsets.UTF_8));
        });
        deadLetters.send(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(), record.key(), record.value(),
                headers));
    }

    /** Untrusted text for a log line: one line, control characters escaped, at most 200 characters. */
    static String printable(String s) {
        return LogSafe.clip(s);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String idMismatch(String field, String id, String key) {
        if (blank(id)) {
            return field + " is missing";
        }
        return id.equals(key) ? null : field + " '" + printable(id) + "' does not match the record key";
    }

    /** Sites: site_id must match the key; headcounts must not be negative; coordinates in range. */
    static final class Sites extends ReferenceStoreUpdater<Site> {
        Sites(JsonSerde<Site> serde, Wiring wiring) {
            super("sites", Names.SITES_STORE, serde, wiring);
        }

        @Override
        String problem(String key, Site site) {
            String mismatch = idMismatch("site_id", site.siteId(), key);
            if (mismatch != null) {
                return mismatch;
            }
            if (blank(site.country())) {
                return "country is missing";
            }
            if (site.workers().values().stream().anyMatch(n -> n == null || n < 0)) {
                return "workers headcounts must be non-negative integers";
            }
            if ((site.latitude() != null && Math.abs(site.latitude()) > 90)
                    || (site.longitude() != null && Math.abs(site.longitude()) > 180)) {
                return "coordinates out of range";
            }
            if (key.startsWith(StoreReferenceData.SITE_INDEX_PREFIX)) {
                return "site_id must not start with a control character";
            }
            return null;
        }

        /**
         * Stored under its id and indexed under {@code <NUL>d:<COUNTRY>:<slug of admin2>:<site_id>}, so that the
         * sites of a district are a prefix scan per district name instead of a scan of every site.
         */
        @Override
        void upsert(String key, Site site) {
            delete(key);
            store.put(key, site);
            String index = StoreReferenceData.siteIndexKey(site);
            if (index != null) {
                store.put(index, site);
            }
        }

        @Override
        void delete(String key) {
            Site old = store.delete(key);
            String index = old == null ? null : StoreReferenceData.siteIndexKey(old);
            if (index != null) {
                store.delete(index);
            }
        }
    }

    /** Nationalities: code must match the key. */
    static final class Nationalities extends ReferenceStoreUpdater<Nationality> {
        Nationalities(JsonSerde<Nationality> serde, Wiring wiring) {
            super("nationalities", Names.NATIONALITIES_STORE, serde, wiring);
        }

        @Override
        String problem(String key, Nationality n) {
            return idMismatch("code", n.code(), key);
        }
    }

    /**
     * Districts: stored under {@code id:<id>} and indexed under {@code name:<COUNTRY>:<slug>} for the id, the name
     * and every alias. A name already taken by another district keeps pointing to that district (and is logged).
     */
    static final class Districts extends ReferenceStoreUpdater<District> {
        private static final Logger LOG = LoggerFactory.getLogger(Districts.class);

        Districts(JsonSerde<District> serde, Wiring wiring) {
            super("districts", Names.DISTRICTS_STORE, serde, wiring);
        }

        @Override
        String problem(String key, District d) {
            String mismatch = idMismatch("district_id", d.districtId(), key);
            if (mismatch != null) {
                return mismatch;
            }
            if (blank(d.country()) || blank(d.name())) {
                return "country and name are required";
            }
            return null;
        }

        @Override
        void upsert(String key, District district) {
            delete(key);
            store.put(StoreReferenceData.ID_PREFIX + key, district);
            index(district, district.districtId());
            index(district, district.name());
            district.aliases().forEach(alias -> index(district, alias));
        }

        private void index(District district, String name) {
            if (blank(name)) {
                return;
            }
            String nameKey = StoreReferenceData.nameKey(district.country(), name);
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
            District old = store.delete(StoreReferenceData.ID_PREFIX + key);
            if (old == null) {
                return;
            }
            java.util.List<String> names = new java.util.ArrayList<>(old.aliases());
            names.add(old.name());
            names.add(old.districtId());
            for (String name : names) {
                if (blank(name)) {
                    continue;
                }
                String nameKey = StoreReferenceData.nameKey(old.country(), name);
                District indexed = store.get(nameKey);
                if (indexed != null && indexed.districtId().equals(key)) {
                    store.delete(nameKey);
                }
            }
        }
    }
}
