package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.frontierwatch.metrics.PipelineMetrics;
import org.frontierwatch.serde.FrontierSerdes;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Every source, processor, store, repartition topic and sink carries a chosen name: internal topics derive from
 * them, so an unnamed (generated) node would rename state on the next topology change.
 */
class TopologyNamesTest {

    private final TopologyDescription description =
            FrontierWatchTopology.build(Fixtures.defaultConfig(), FrontierSerdes.standard(), PipelineMetrics.detached(),
                    deadLetter -> { })
                    .describe();

    private Set<String> nodeNames() {
        Set<String> names = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> names.add(n.name())));
        description.globalStores().forEach(g -> {
            names.add(g.source().name());
            names.add(g.processor().name());
        });
        return names;
    }

    @Test
    void shouldNameEveryNodeOfTheTopology() {
        Set<String> names = nodeNames();
        for (String expected : List.of(Names.REPORTS_SOURCE, Names.INTAKE, Names.INTAKE_SPLIT + Names.REJECTED_BRANCH,
                Names.INTAKE_SPLIT + Names.ACCEPTED_BRANCH, Names.DEAD_LETTER_PAYLOAD, Names.DEAD_LETTER_SINK,
                Names.INCIDENT_CHANGES, Names.ROUTE_TO_RULE_GROUPS, Names.RULE_GROUPS_REPARTITION + "-repartition-sink",
                Names.RULE_GROUPS_REPARTITION + "-repartition-source", Names.EVALUATE_RULES, Names.ALERTS_SINK,
                Names.RENDER_CAP, Names.ALERTS_CAP_SINK, Names.SITES_UPDATER, Names.SITES_UPDATER + "-source",
                Names.NATIONALITIES_UPDATER, Names.NATIONALITIES_UPDATER + "-source", Names.DISTRICTS_UPDATER,
                Names.DISTRICTS_UPDATER + "-source", Names.RULES_UPDATER, Names.RULES_UPDATER + "-source")) {
            assertTrue(names.contains(expected), expected + " missing from " + names);
        }
        assertFalse(names.stream().anyMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-")),
                "generated names: " + names);
    }

    @Test
    void shouldNameTheRepartitionTopicAndStores() {
        String text = description.toString();
        assertTrue(text.contains("rule-groups-repartition"), text);
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }));
        description.globalStores().forEach(g -> stores.addAll(g.processor().stores()));
        assertEquals(new TreeSet<>(List.of(Names.INCIDENTS_STORE, Names.WATERMARK_STORE, Names.RULE_GROUP_STATE_STORE,
                Names.SITES_STORE, Names.NATIONALITIES_STORE, Names.DISTRICTS_STORE, Names.RULES_STORE)), stores);
    }

    @Test
    void shouldSplitIntoIntakeAndRuleEvaluationSubtopologiesPlusFourGlobalStores() {
        assertEquals(2, description.subtopologies().size(), description.toString());
        assertEquals(4, description.globalStores().size(), "three reference tables and the rules");
    }
}
