package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.config.RuleDocuments;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.serde.JsonSerde;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InProcessBroker;
import org.frontierwatch.testing.KafkaClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules changed while the real processor runs on a real KRaft broker, with the real command line: {@code rules diff},
 * {@code rules publish} and {@code rules list} against the rules topic, a bad record dead-lettered, and two
 * instances sharing the work applying a change as one does.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class RulesTopicIT {

    private static final Duration WAIT = ProcessorIT.WAIT;
    private static final String SHOHIN = "district-fatalities/tj-shamsiddin-shohin/2025-11-26";
    private static final JsonSerde<Alert> ALERTS = new JsonSerde<>(Alert.class);

    @TempDir
    static Path tmp;
    @RegisterExtension
    static final InProcessBroker broker = new InProcessBroker();

    /** The shipped rules with district-fatalities' Evacuate threshold raised from 8 to 10. */
    private static Path raisedThreshold() throws Exception {
        String shipped = Files.readString(Fixtures.RULES);
        String raised = shipped.replace("      - min: 8\n", "      - min: 10\n");
        assertTrue(!raised.equals(shipped) && raised.indexOf("min: 10") == raised.lastIndexOf("min: 10"),
                "the shipped rules have one Evacuate threshold of 8");
        Path file = tmp.resolve("raised.yaml");
        Files.writeString(file, raised);
        return file;
    }

    private static String[] cli(String topic, String... args) {
        String[] out = new String[args.length + 4];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = "--bootstrap-server";
        out[args.length + 1] = broker.bootstrapServers();
        out[args.length + 2] = "--topic";
        out[args.length + 3] = topic;
        return out;
    }

    private static List<Alert> alerts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> ALERTS.deserializer().deserialize("", r.value())).toList();
    }

    @Test
    void shouldBringTheShohinAdvisoryDownToPrepareWhenAPublishedRuleRaisesTheThreshold() throws Exception {
        ProcessorRunner.Settings s = ProcessorIT.settings(broker.bootstrapServers(), tmp, "live", 1,
                Map.of("frontier.topic.rules", "live-rules"));
        Path raised = raisedThreshold();
        String newVersion = RuleDocuments.ofFile(raised.toString(), Files.readString(raised)).entrySet().stream()
                .filter(e -> e.getKey().equals("district-fatalities")).map(e -> RuleDocuments.version(e.getValue()))
                .findFirst().orElseThrow();
        try (ProcessorRunner runner = ProcessorIT.startRunning(s);
             KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().alerts());
             KafkaClients.Reader dlq = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().deadLetter())) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                    Fixtures.seedReports(), "id");
            assertEquals(Fixtures.SEED_ALERTS, ProcessorIT.keys(alerts.readUntil(r -> r.size() >= 7, WAIT)));

            CliRun listed = CliRun.of(cli("live-rules", "rules", "list"));
            assertEquals(0, listed.rc(), listed.err());
            assertTrue(listed.out().contains("district-fatalities 6ae1793a05c5 windowed P30D Prepare>=3 Evacuate>=8"),
                    "run published its rules file to the empty topic: " + listed.out());

            CliRun diff = CliRun.of(cli("live-rules", "rules", "diff", raised.toString()));
            assertEquals(1, diff.rc(), diff.err());
            assertTrue(diff.out().contains("~ district-fatalities 6ae1793a05c5 -> " + newVersion + " (levels)"),
                    diff.out());
            assertTrue(diff.out().contains("= foreign-workers-killed 100ea454b752"), diff.out());

            CliRun published = CliRun.of(cli("live-rules", "rules", "publish", raised.toString()));
            assertEquals(0, published.rc(), published.err());
            List<Alert> update = alerts(alerts.readUntil(r -> !r.isEmpty(), WAIT));
            assertEquals("Update " + SHOHIN, update.get(0).msgType() + " " + update.get(0).key());
            assertEquals(ResponseType.Prepare, update.get(0).content().response());
            assertEquals(newVersion, update.get(0).content().ruleVersion());
            assertEquals(0, CliRun.of(cli("live-rules", "rules", "diff", raised.toString())).rc(),
                    "published: nothing left to publish");

            // A record that is not a rule changes nothing, and is dead-lettered with the reason.
            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            RulesTopic.publish(client, "live-rules", Map.of("district-fatalities", "{bad"), WAIT);
            ConsumerRecord<byte[], byte[]> dead = dlq.readUntil(r -> !r.isEmpty(), WAIT).get(0);
            Header reason = dead.headers().lastHeader("dlq.reason");
            assertEquals("invalid_rule", new String(reason.value(), StandardCharsets.UTF_8));
            CliRun afterBad = CliRun.of(cli("live-rules", "rules", "list"));
            assertTrue(afterBad.out().contains("district-fatalities " + newVersion), afterBad.out());
            assertTrue(afterBad.err().contains("rejected (changed nothing)"), afterBad.err());

            CliRun back = CliRun.of(cli("live-rules", "rules", "publish", Fixtures.RULES.toString()));
            assertEquals(0, back.rc(), back.err());
            List<Alert> raisedAgain = alerts(alerts.readUntil(r -> !r.isEmpty(), WAIT));
            assertEquals("Update " + SHOHIN, raisedAgain.get(0).msgType() + " " + raisedAgain.get(0).key());
            assertEquals(ResponseType.Evacuate, raisedAgain.get(0).content().response());
        }
    }

    @Test
    void shouldCreateTheRulesTopicCompactedOnPublishAndNeverOnList() throws Exception {
        CliRun listed = CliRun.of(cli("never-rules", "rules", "list"));
        assertEquals(0, listed.rc(), listed.err());
        assertTrue(listed.out().startsWith("No rules on never-rules yet"), listed.out());
        CliRun published = CliRun.of(cli("fresh-rules", "rules", "publish", Fixtures.RULES.toString()));
        assertEquals(0, published.rc(), published.err());
        assertTrue(published.out().contains("Published 5 rule(s) on fresh-rules."), published.out());
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            assertFalse(admin.listTopics().names().get().contains("never-rules"), "list created no topic");
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "fresh-rules");
            assertEquals("compact", admin.describeConfigs(List.of(topic)).all().get().get(topic)
                    .get("cleanup.policy").value());
        }
        assertEquals(5, RulesTopic.read(client, "fresh-rules", WAIT).rules().size());
    }

    @Test
    void shouldPutACampRegisteredInDarvozIntoItsOpenEvacuationAdvisoryWhileRunning() throws Exception {
        ProcessorRunner.Settings s = ProcessorIT.settings(broker.bootstrapServers(), tmp, "camp", 1,
                Map.of("frontier.topic.rules", "camp-rules", "frontier.topic.sites", "camp-sites"));
        String darvoz = "foreign-workers-killed/tj-darvoz/2025-11-30";
        try (ProcessorRunner runner = ProcessorIT.startRunning(s);
             KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                     s.config().topics().alerts())) {
            KafkaClients.send(broker.bootstrapServers(), s.config().topics().incidentReports(),
                    Fixtures.seedReports(), "id");
            assertEquals(Fixtures.SEED_ALERTS, ProcessorIT.keys(alerts.readUntil(r -> r.size() >= 7, WAIT)));

            String camp = "{\"site_id\":\"tj-new-camp-darvoz\",\"name\":\"New camp, Darvoz\",\"operator\":"
                    + "\"Example Mining\",\"operator_country\":\"CN\",\"sector\":\"mining\",\"country\":\"TJ\","
                    + "\"admin1\":\"Gorno-Badakhshan\",\"admin2\":\"Darvoz\",\"latitude\":38.5,"
                    + "\"longitude\":70.9,\"workers\":{\"CN\":60}}";
            KafkaClients.send(broker.bootstrapServers(), "camp-sites", List.of(camp), "site_id");
            Alert update = alerts(alerts.readUntil(r -> alerts(r).stream().anyMatch(a -> a.key().equals(darvoz)),
                    WAIT)).stream().filter(a -> a.key().equals(darvoz)).findFirst().orElseThrow();
            assertEquals("Update", update.msgType().name());
            List<String> sites = update.content().affectedSites().stream().map(x -> x.siteId()).toList();
            assertEquals(List.of("tj-crbc-darvoz-road", "tj-new-camp-darvoz"), sites);
        }
    }

    @Test
    void shouldApplyAPublishedRuleOnceWhenTwoInstancesShareTheWork() throws Exception {
        Map<String, String> extra = Map.of("frontier.topic.rules", "pair-rules");
        ProcessorRunner.Settings a = ProcessorIT.settings(broker.bootstrapServers(), tmp.resolve("a"), "pair", 4,
                extra);
        ProcessorRunner.Settings b = ProcessorIT.settings(broker.bootstrapServers(), tmp.resolve("b"), "pair", 4,
                extra);
        try (ProcessorRunner first = ProcessorIT.startRunning(a);
             ProcessorRunner second = ProcessorIT.startRunning(b);
             KafkaClients.Reader alerts = new KafkaClients.Reader(broker.bootstrapServers(),
                     a.config().topics().alerts())) {
            KafkaClients.send(broker.bootstrapServers(), a.config().topics().incidentReports(),
                    Fixtures.seedReports(), "id");
            List<Alert> seed = alerts(alerts.readUntil(r -> r.size() >= 7, WAIT));
            assertEquals(Fixtures.SEED_ALERTS.size(), seed.size());
            // Over four partitions the story's reports may reach the group out of order, and its alert is keyed by
            // the first incident it saw: the key is taken from what was sent.
            String shohin = seed.stream().map(Alert::key)
                    .filter(k -> k.startsWith("district-fatalities/tj-shamsiddin-shohin/")).findFirst().orElseThrow();

            CliRun published = CliRun.of(cli("pair-rules", "rules", "publish", raisedThreshold().toString()));
            assertEquals(0, published.rc(), published.err());
            List<Alert> update = alerts(alerts.readUntil(r -> !r.isEmpty(), WAIT));
            assertEquals(List.of("Update " + shohin), update.stream().map(m -> m.msgType() + " " + m.key()).toList());
            assertEquals(ResponseType.Prepare, update.get(0).content().response());
            // Every task applies a rule change within a second of its instance reading it, and the Update above
            // shows one instance had; a marker report's alert, read next, comes after both have (barring a global
            // thread seconds behind): a second Update would be read with it.
            KafkaClients.send(broker.bootstrapServers(), a.config().topics().incidentReports(),
                    List.of(ProcessorIT.marker("pair-marker")), "id");
            assertEquals(List.of("Alert foreign-workers-killed/tj-panj/2025-12-04"),
                    ProcessorIT.keys(alerts.readUntil(r -> !r.isEmpty(), WAIT)),
                    "one Update from the instance holding the group; none from the other");
        }
    }
}
