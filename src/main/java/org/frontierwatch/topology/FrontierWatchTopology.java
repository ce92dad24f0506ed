package org.frontierwatch.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.frontierwatch.alert.CapXmlWriter;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.Topics;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.IncidentChange;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleBook;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.validation.ReportParser;

/**
 * Builds the Frontier Watch topology: consumes incident reports and the three reference topics, produces alerts
 * (JSON), alerts-cap (CAP 1.2 XML) and dead letters. A pure factory: no I/O, nothing started.
 *
 * <pre>
 * incident-reports ─ intake (validate, dedupe, revise, enrich) ─┬─ rejected ─ incident-reports-dlq
 *                                                               └─ accepted ─ route-to-rule-groups
 *   ─ repartition by rule group ─ evaluate-rules ─┬─ alerts
 *                                                 └─ render-cap ─ alerts-cap
 * sites, nationalities, districts ─ global stores (read by intake and evaluate-rules); rejects ─ dead letters
 * rules ─ global store and the rules in force (read by intake, route-to-rule-groups and evaluate-rules); rejects ─
 *   dead letters
 * </pre>
 */
public final class FrontierWatchTopology {

    private FrontierWatchTopology() {
    }

    /** The topology for a reports topic of one partition (the backtest, rule tests and the test driver). */
    public static Topology build(AppConfig config, FrontierSerdes serdes, PipelineMetrics metrics,
                                 ReferenceDeadLetters referenceDeadLetters) {
        return build(config, serdes, metrics, referenceDeadLetters, 1);
    }

    /**
     * @param referenceDeadLetters where the global reference-store updaters send the reference records they reject
     *                             (global processors cannot forward to a sink)
     * @param intakePartitions partitions of the reports topic: a rule task's watermark waits to hear from that many
     *                         intake tasks (or for a minute) before it moves ({@link AlignedWatermark})
     */
    public static Topology build(AppConfig config, FrontierSerdes serdes, PipelineMetrics metrics,
                                 ReferenceDeadLetters referenceDeadLetters, int intakePartitions) {
        Topics topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder();
        ReferenceVersion references = new ReferenceVersion();
        addReferenceStores(builder, topics, serdes,
                new ReferenceStoreUpdater.Wiring(metrics, referenceDeadLetters, topics.deadLetter(), references));
        // The rules in force: the configured ones, then every valid record of the rules topic (RuleStoreUpdater).
        RuleBook rules = new RuleBook(config.rules());
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.RULES_STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(), topics.rules(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.RULES_UPDATER),
                () -> new RuleStoreUpdater(rules, metrics, referenceDeadLetters, topics.deadLetter()));

        Duration longestWindow = config.rules().stream().map(Rule::window).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        // Dedup state must outlive every window a revision could still change: the longest window plus twice the
        // grace period (docs/reliability.md, "State is bounded"), so a revision accepted up to one grace late still
        // finds it.
        // Set from the rules at start: a rule published later with a longer window sees what this retains.
        Duration incidentRetention = longestWindow.plus(config.grace()).plus(config.grace());

        // Caching on: repeated reads of hot incidents and groups hit memory, and the changelog sees one write per
        // key per commit instead of one per update.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.INCIDENTS_STORE),
                Serdes.String(), serdes.incidentState()).withCachingEnabled());
        // Cached too: the watermark moves with nearly every in-order report, and uncached each move was a RocksDB
        // write and a changelog record; cached, a commit writes it once.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.WATERMARK_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        // One store for all rule-group state (keys laid out by state.StateKeys), so a change and its alerts commit
        // as one changelog partition's writes; byte values, decoded by the evaluator's store adapter.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.RULE_GROUP_STATE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());

        // Reports are read as raw bytes so that a record that cannot be parsed still reaches the dead-letter topic
        // byte for byte; nothing can fail in deserialization.
        KStream<byte[], byte[]> reports = builder.stream(topics.incidentReports(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.REPORTS_SOURCE));
        ReportParser parser = new ReportParser(config.validation());
        KStream<byte[], Intake> intake = reports.process(
                () -> new IntakeProcessor(parser, config.grace(), incidentRetention, metrics, references, rules),
                Named.as(Names.INTAKE), Names.INCIDENTS_STORE, Names.WATERMARK_STORE);

        var branches = intake.split(Named.as(Names.INTAKE_SPLIT))
                .branch((key, value) -> value.isRejected(), Branched.as(Names.REJECTED_BRANCH))
                .defaultBranch(Branched.as(Names.ACCEPTED_BRANCH));
        branches.get(Names.INTAKE_SPLIT + Names.REJECTED_BRANCH)
                .mapValues(Intake::originalValue, Named.as(Names.DEAD_LETTER_PAYLOAD))
                .to(topics.deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(Names.DEAD_LETTER_SINK));

        KStream<byte[], IncidentChange> changes = branches.get(Names.INTAKE_SPLIT + Names.ACCEPTED_BRANCH)
                .mapValues(Intake::change, Named.as(Names.INCIDENT_CHANGES));
        KStream<String, GroupChange> groupChanges = changes.process(() -> new RuleGroupRouter(rules),
                Named.as(Names.ROUTE_TO_RULE_GROUPS));
        // Repartition so that every change of one rule group (e.g. one district) reaches the same task and store.
        KStream<String, Alert> alerts = groupChanges
                .repartition(Repartitioned.with(Serdes.String(), serdes.groupChange())
                        .withName(Names.RULE_GROUPS_REPARTITION))
                .process(() -> new RuleEvaluator(rules, config.grace(), config.cadence(), metrics,
                        serdes.alertState(), references, intakePartitions),
                        Named.as(Names.EVALUATE_RULES), Names.RULE_GROUP_STATE_STORE);

        alerts.to(topics.alerts(), Produced.with(Serdes.String(), serdes.alert()).withName(Names.ALERTS_SINK));
        CapXmlWriter cap = new CapXmlWriter(config.cap());
        alerts.mapValues(cap::write, Named.as(Names.RENDER_CAP))
                .to(topics.alertsCap(), Produced.with(Serdes.String(), Serdes.String())
                        .withName(Names.ALERTS_CAP_SINK));
        return builder.build();
    }

    /**
     * Reference tables are global stores: every instance holds all of them, so enrichment needs no repartition and
     * scope queries ("every Chinese-staffed site in a border district") see every site. Global stores have no
     * changelog: the compacted source topic is their changelog, and on restore it is replayed through the updater
     * (which also keeps the district name index). They are persistent so that the global thread checkpoints its
     * offsets and a restart replays only what came after the checkpoint: a rejected reference record is then not
     * dead-lettered again on every restart.
     */
    private static void addReferenceStores(StreamsBuilder builder, Topics topics, FrontierSerdes serdes,
                                           ReferenceStoreUpdater.Wiring wiring) {
        builder.addGlobalStore(globalStore(Names.SITES_STORE, serdes.site()), topics.sites(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SITES_UPDATER),
                () -> new ReferenceStoreUpdater.Sites(serdes.site(), wiring));
        builder.addGlobalStore(globalStore(Names.NATIONALITIES_STORE, serdes.nationality()), topics.nationalities(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.NATIONALITIES_UPDATER),
                () -> new ReferenceStoreUpdater.Nationalities(serdes.nationality(), wiring));
        builder.addGlobalStore(globalStore(Names.DISTRICTS_STORE, serdes.district()), topics.districts(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.DISTRICTS_UPDATER),
                () -> new ReferenceStoreUpdater.Districts(serdes.district(), wiring));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> globalStore(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled();
    }
}
