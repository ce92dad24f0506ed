package org.frontierwatch.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.frontierwatch.api.AlertState;
import org.frontierwatch.api.AlertView;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.ReferenceData;
import org.frontierwatch.serde.FrontierSerdes;

/**
 * {@link AlertState} over Kafka Streams' interactive queries: the alerts' last messages are the {@code A} keys of
 * the rule-group state store (one per alert key, on the task of its rule group), their held changes in their rule
 * groups' summaries on the same task ({@link AlertStoreReader}), the reference data the global stores. Answers
 * only while the client is RUNNING: while it rebalances or restores, a query would silently miss the partitions in
 * flight, so it says {@link AlertState.Unavailable} instead.
 */
public final class StreamsAlertState implements AlertState {

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;
    private final Deserializer<Alert> alerts = FrontierSerdes.standard().alertState().deserializer();

    /** {@code self} is this instance's {@code application.server}. */
    public StreamsAlertState(Supplier<KafkaStreams> streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    private KafkaStreams running() {
        KafkaStreams s = streams.get();
        KafkaStreams.State state = s.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new Unavailable("Kafka Streams is " + state + " (rebalancing, restoring or starting); retry shortly");
        }
        return s;
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        try {
            return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("store " + name + " is not queryable now: " + e.getMessage());
        }
    }

    @Override
    public List<AlertView> latestMessages() {
        AlertStoreReader reader = new AlertStoreReader(store(Names.RULE_GROUP_STATE_STORE), alerts);
        try {
            return reader.all();
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("store " + Names.RULE_GROUP_STATE_STORE + " moved while being read; retry shortly");
        }
    }

    @Override
    public Optional<AlertView> latest(String key) {
        AlertStoreReader reader = new AlertStoreReader(store(Names.RULE_GROUP_STATE_STORE), alerts);
        try {
            return reader.one(key);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("store " + Names.RULE_GROUP_STATE_STORE + " moved while being read; retry shortly");
        }
    }

    @Override
    public ReferenceData reference() {
        ReadOnlyKeyValueStore<String, Site> sites = store(Names.SITES_STORE);
        ReadOnlyKeyValueStore<String, Nationality> nationalities = store(Names.NATIONALITIES_STORE);
        ReadOnlyKeyValueStore<String, District> districts = store(Names.DISTRICTS_STORE);
        // A fresh view per request: its lookup caches live as long as the request.
        return new StoreReferenceData(sites, nationalities, districts, new ReferenceVersion());
    }

    @Override
    public List<String> peers() {
        List<String> out = new ArrayList<>();
        for (StreamsMetadata m : running().streamsMetadataForStore(Names.RULE_GROUP_STATE_STORE)) {
            HostInfo h = m.hostInfo();
            if (!h.equals(self) && !h.equals(HostInfo.unavailable())) {
                out.add("http://" + h.host() + ":" + h.port());
            }
        }
        return out;
    }
}
