package org.frontierwatch.topology;

/**
 * The one place that names the topology's sources, processors, stores, repartition topic and sinks. Internal topic
 * names derive from these, so changing one changes where state and repartitioned data live: treat them as API.
 */
public final class Names {

    public static final String REPORTS_SOURCE = "incident-reports-source";
    public static final String INTAKE = "intake";
    public static final String INTAKE_SPLIT = "intake-";
    public static final String REJECTED_BRANCH = "rejected";
    public static final String ACCEPTED_BRANCH = "accepted";
    public static final String DEAD_LETTER_PAYLOAD = "dead-letter-payload";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String INCIDENT_CHANGES = "incident-changes";
    public static final String ROUTE_TO_RULE_GROUPS = "route-to-rule-groups";
    /** Repartition by rule group; the internal topic is {@code <application.id>-rule-groups-repartition}. */
    public static final String RULE_GROUPS_REPARTITION = "rule-groups";
    public static final String EVALUATE_RULES = "evaluate-rules";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String RENDER_CAP = "render-cap";
    public static final String ALERTS_CAP_SINK = "alerts-cap-sink";

    public static final String INCIDENTS_STORE = "incidents-store";
    public static final String WATERMARK_STORE = "intake-watermark-store";
    /**
     * All rule-group state: per-incident entries, group summaries, episodes, last messages, the expiry index and the
     * evaluator's watermark (layout in {@code state.StateKeys}). Named apart from the old layout's
     * {@code rule-groups-store} and {@code rule-groups-watermark-store}, whose values it cannot read.
     */
    public static final String RULE_GROUP_STATE_STORE = "rule-group-state";

    public static final String SITES_STORE = "sites-store";
    public static final String NATIONALITIES_STORE = "nationalities-store";
    public static final String DISTRICTS_STORE = "districts-store";
    /** The rules in force, as the rules topic holds them (key = rule id, value = the rule as JSON). */
    public static final String RULES_STORE = "rules-store";
    /** Global store processors; their sources are named {@code <processor>-source}. */
    public static final String SITES_UPDATER = "sites-updater";
    public static final String NATIONALITIES_UPDATER = "nationalities-updater";
    public static final String DISTRICTS_UPDATER = "districts-updater";
    public static final String RULES_UPDATER = "rules-updater";

    /** Record headers written on dead letters. */
    public static final String HEADER_REASON = "dlq.reason";
    public static final String HEADER_DETAIL = "dlq.detail";
    public static final String HEADER_TOPIC = "dlq.source.topic";
    public static final String HEADER_PARTITION = "dlq.source.partition";
    public static final String HEADER_OFFSET = "dlq.source.offset";
    /** Written when the value was cut to the dead-letter size bound; {@code dlq.original.size} has its length. */
    public static final String HEADER_TRUNCATED = "dlq.truncated";
    public static final String HEADER_ORIGINAL_SIZE = "dlq.original.size";
    public static final String HEADER_KEY_TRUNCATED = "dlq.key.truncated";
    public static final String HEADER_ORIGINAL_KEY_SIZE = "dlq.original.key.size";
    /** Written, with the number of headers, when the producer's headers were too large to copy. */
    public static final String HEADER_HEADERS_DROPPED = "dlq.headers.dropped";

    private Names() {
    }
}
