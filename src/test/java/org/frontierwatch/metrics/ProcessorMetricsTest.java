package org.frontierwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.validation.RejectReason;
import org.junit.jupiter.api.Test;

/** What the processor's registry exports before any event, and under which names. */
class ProcessorMetricsTest {

    @Test
    void shouldExportEveryKnownLabelValueAtZeroBeforeAnyEvent() {
        List<Rule> rules = Fixtures.defaultRules();
        ProcessorMetrics metrics = ProcessorMetrics.create();
        metrics.pipeline().registerKnownLabels(rules);
        String scrape = metrics.registry().scrape();
        for (RejectReason reason : RejectReason.values()) {
            assertTrue(scrape.contains("frontierwatch_reports_dead_lettered_total{reason=\"" + reason.code()
                    + "\"} 0.0"),
                    reason.code());
        }
        for (String table : PipelineMetrics.ENRICHMENT_TABLES) {
            assertTrue(scrape.contains("frontierwatch_enrichment_misses_total{table=\"" + table + "\"} 0.0"), table);
        }
        for (String line : List.of("frontierwatch_reports_received_total 0.0",
                "frontierwatch_reports_duplicate_total 0.0",
                "frontierwatch_reports_accepted_total{kind=\"new\"} 0.0",
                "frontierwatch_reports_accepted_total{kind=\"revision\"} 0.0",
                "frontierwatch_reports_retracted_total{known=\"true\"} 0.0",
                "frontierwatch_stream_thread_replacements_total 0.0")) {
            assertTrue(scrape.contains(line), line);
        }
        assertFalse(rules.isEmpty());
        for (Rule rule : rules) {
            for (Level level : rule.levels()) {
                for (String[] typeAndResponse : new String[][] {{"Alert", level.response().name()},
                        {"Update", level.response().name()}, {"Cancel", "AllClear"}}) {
                    String series = "frontierwatch_alerts_published_total{msg_type=\"" + typeAndResponse[0]
                            + "\",response=\"" + typeAndResponse[1] + "\",rule=\"" + rule.id() + "\",severity=\""
                            + level.severity().name() + "\"} 0.0";
                    assertTrue(scrape.contains(series), series + "\n" + scrape);
                }
            }
        }
        for (Rule rule : rules) {
            String info = "frontierwatch_rule_info{rule=\"" + rule.id() + "\",version=\"" + rule.version() + "\"} 1";
            assertTrue(List.of(scrape.split("\n")).contains(info), info);
        }
        // Counting afterwards adds to the same series.
        metrics.pipeline().deadLettered(RejectReason.LATE);
        assertEquals(1.0, metrics.pipeline().count("frontierwatch.reports.dead.lettered", "reason", "late"));
        metrics.close();
    }

    @Test
    void shouldRenameOnExportOnlySoThatKafkasBinderFindsItsMetersByTheirOwnNames() {
        ProcessorMetrics metrics = ProcessorMetrics.create();
        AtomicInteger connections = new AtomicInteger(3);
        Gauge.builder("kafka.producer.connection.count", connections, AtomicInteger::get)
                .tag("client.id", "p-1").register(metrics.registry());
        // Micrometer's KafkaMetrics re-checks its meters by Kafka's name; it must find the one it registered.
        assertNotNull(metrics.registry().find("kafka.producer.connection.count").tag("client.id", "p-1").gauge());
        String scrape = metrics.registry().scrape();
        assertTrue(scrape.contains("kafka_producer_connections{client_id=\"p-1\"} 3.0"), scrape);
        assertFalse(scrape.contains("kafka_producer_connection_count"), scrape);
        metrics.close();
    }
}
