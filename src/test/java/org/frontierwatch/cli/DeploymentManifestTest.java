package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.Topics;
import org.frontierwatch.testing.JarProcess;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The production layout in deploy/ (a Kubernetes StatefulSet and Job, a kafka-topics/kafka-acls script, and Strimzi
 * KafkaTopic/KafkaUser resources) against the code: every environment variable it sets is one the code reads (or a
 * Kafka key Kafka knows), its commands parse with the real CLI, its port is the one the processor serves /health on,
 * the script and the KafkaTopics declare exactly the topics {@code setup} would, with the same replication and
 * cleanup, and the KafkaUser holds exactly the script's grants.
 */
class DeploymentManifestTest {

    private static final Path MANIFEST = Path.of("deploy/kubernetes/frontier-watch.yaml");
    private static final Path SCRIPT = Path.of("deploy/kafka-topics.sh");
    private static final Path STRIMZI = Path.of("deploy/kubernetes/strimzi.yaml");

    private static List<JsonNode> documents() throws IOException {
        return documents(MANIFEST);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        yaml.readerFor(JsonNode.class).readValues(Files.readString(file)).forEachRemaining(d -> docs.add(
                (JsonNode) d));
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFEST));
    }

    @Test
    void shouldSetOnlyVariablesTheCodeReadsAndKafkaKeysKafkaKnows() throws IOException {
        List<JsonNode> docs = documents();
        assertEquals(List.of("ConfigMap", "Service", "Job", "StatefulSet"),
                docs.stream().map(d -> d.path("kind").asText()).toList());
        Map<String, String> variables = new LinkedHashMap<>();
        kind(docs, "ConfigMap").path("data").fields().forEachRemaining(e -> variables.put(e.getKey(),
                e.getValue().asText()));
        JsonNode container = kind(docs, "StatefulSet").at("/spec/template/spec/containers/0");
        container.path("env").forEach(e -> variables.put(e.path("name").asText(), e.path("value").asText()));

        Set<String> read = DocsTest.variablesTheCodeReads();
        Set<String> kafkaKeys = DocsTest.kafkaKeys();
        for (String name : variables.keySet()) {
            if (name.equals("POD_NAME")) {
                continue; // Kubernetes' own, referenced by the next two
            }
            if (name.startsWith(ClientSettings.ENV_PREFIX)) {
                Properties key = ClientSettings.fromEnvironment(Map.of(name, "x"));
                assertTrue(kafkaKeys.containsAll(key.stringPropertyNames()), name + " sets " + key
                        + ", which no Kafka client or Kafka Streams knows");
            } else {
                assertTrue(read.contains(name), name + " is not read by the code; it reads " + read);
            }
        }
        Properties kafka = ClientSettings.fromEnvironment(variables);
        assertEquals("3", kafka.getProperty(TopicSetup.REPLICATION_FACTOR));
        assertEquals("2", kafka.getProperty(TopicSetup.MIN_INSYNC_REPLICAS));
        assertEquals("$(POD_NAME)", kafka.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                "static membership under the pod's stable name");
    }

    @Test
    void shouldRunCommandsTheCliParsesOnThePortItServesHealthOn() throws IOException {
        List<JsonNode> docs = documents();
        JsonNode set = kind(docs, "StatefulSet");
        JsonNode container = set.at("/spec/template/spec/containers/0");
        JsonNode setup = kind(docs, "Job").at("/spec/template/spec/containers/0");
        for (JsonNode c : List.of(container, setup)) {
            List<String> args = new ArrayList<>();
            c.path("args").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = new CommandLine(new FrontierWatchCli()).parseArgs(
                    args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), args + " names a command");
        }
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        int port = container.at("/ports/0/containerPort").asInt();
        assertEquals(Integer.toString(port), env.get("FW_METRICS_PORT"));
        assertEquals("0.0.0.0", env.get("FW_METRICS_ADDRESS"), "reachable from the other pods and the probes");
        assertEquals("/health", container.at("/readinessProbe/httpGet/path").asText());
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("EXPOSE " + port), "the image exposes it");
        assertEquals(env.get("FW_STATE_DIR"), container.at("/volumeMounts/0/mountPath").asText(),
                "the state lives on the persistent volume");
        assertEquals(set.at("/spec/serviceName").asText(), kind(docs, "Service").at("/metadata/name").asText());
        assertEquals("$(POD_NAME)." + set.at("/spec/serviceName").asText() + ":" + port,
                env.get("FW_KAFKA_APPLICATION_SERVER"), "the name the other instances reach it by");
    }

    @Test
    void shouldCreateTheTopicsSetupWouldWithTheSameReplicationAndCleanup() throws Exception {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : Files.readString(SCRIPT).replace("\\\n", " ").lines().toList()) {
            if (line.startsWith("topic ")) {
                String[] parts = line.trim().split("\\s+", 3);
                lines.put(parts[1], line);
            }
        }
        List<TopicSetup.TopicSpec> specs = TopicSetup.specs(Topics.DEFAULT);
        assertEquals(specs.stream().map(TopicSetup.TopicSpec::name).sorted().toList(),
                lines.keySet().stream().sorted().toList());
        TopicSetup.Replication replication = TopicSetup.replication(3, new Properties());
        String script = Files.readString(SCRIPT);
        assertTrue(script.contains("--replication-factor " + replication.factor() + " --config min.insync.replicas="
                + replication.minInsync()), "3 replicas, 2 in sync, as setup on three brokers");
        for (TopicSetup.TopicSpec spec : specs) {
            String line = lines.get(spec.name());
            String[] parts = line.trim().split("\\s+");
            assertEquals(spec.compacted() ? "1" : "\"$PARTITIONS\"", parts[2], spec.name());
            if (spec.audited()) {
                assertTrue(line.contains("cleanup.policy=compact,delete")
                        && line.contains("min.compaction.lag.ms=" + TopicSetup.AUDIT_TRAIL_MS)
                        && line.contains("retention.ms=" + TopicSetup.ACK_RETENTION_MS), line);
            } else {
                assertEquals(spec.compacted(), line.contains("cleanup.policy=compact"), line);
            }
        }
        try (JarProcess dash = JarProcess.startCommand(List.of("dash", "-n", SCRIPT.toString()), Map.of(), null)) {
            assertEquals(0, dash.waitFor(Duration.ofSeconds(30)), "dash -n: " + dash.stderr());
        }
    }

    @Test
    void shouldDeclareTheTopicsSetupWouldAsStrimziKafkaTopics() throws IOException {
        List<JsonNode> docs = documents(STRIMZI);
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        docs.stream().filter(d -> "KafkaTopic".equals(d.path("kind").asText()))
                .forEach(d -> topics.put(d.at("/metadata/name").asText(), d.path("spec")));
        List<TopicSetup.TopicSpec> specs = TopicSetup.specs(Topics.DEFAULT);
        assertEquals(specs.stream().map(TopicSetup.TopicSpec::name).sorted().toList(),
                topics.keySet().stream().sorted().toList());
        int partitions = jobPartitions();
        TopicSetup.Replication replication = TopicSetup.replication(3, new Properties());
        for (TopicSetup.TopicSpec spec : specs) {
            JsonNode topic = topics.get(spec.name());
            JsonNode config = topic.path("config");
            assertEquals(spec.compacted() ? 1 : partitions, topic.path("partitions").asInt(), spec.name());
            assertEquals(replication.factor(), topic.path("replicas").asInt(), spec.name());
            assertEquals(Integer.toString(replication.minInsync()), config.path("min.insync.replicas").asText(),
                    spec.name());
            String cleanup = config.path("cleanup.policy").asText("delete");
            if (spec.audited()) {
                assertEquals("compact,delete", cleanup, spec.name());
                assertEquals(TopicSetup.AUDIT_TRAIL_MS, config.path("min.compaction.lag.ms").asText(), spec.name());
                assertEquals(TopicSetup.ACK_RETENTION_MS, config.path("retention.ms").asText(), spec.name());
            } else {
                assertEquals(spec.compacted() ? "compact" : "delete", cleanup, spec.name());
            }
        }
    }

    /** The partitions of the Job's {@code setup --partitions N}: what the Strimzi topics must match. */
    private static int jobPartitions() throws IOException {
        List<String> args = new ArrayList<>();
        kind(documents(), "Job").at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
        return Integer.parseInt(args.get(args.indexOf("--partitions") + 1));
    }

    @Test
    void shouldGrantTheStrimziUserExactlyTheRightsTheScriptGrants() throws IOException {
        JsonNode user = kind(documents(STRIMZI), "KafkaUser");
        Set<String> strimzi = new TreeSet<>();
        for (JsonNode rule : user.at("/spec/authorization/acls")) {
            JsonNode resource = rule.path("resource");
            for (JsonNode operation : rule.path("operations")) {
                strimzi.add(String.join(" ", resource.path("type").asText(), resource.path("patternType")
                        .asText("literal"), resource.path("name").asText(""), operation.asText()));
            }
        }
        assertEquals(scriptAcls(), strimzi);
        assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
    }

    /** The script's {@code acl} calls, loops expanded, as "type pattern name operation" like Strimzi's ACLs. */
    private static Set<String> scriptAcls() throws IOException {
        String script = Files.readString(SCRIPT);
        Matcher app = Pattern.compile("\\$\\{APPLICATION_ID:=([^}]+)}").matcher(script);
        assertTrue(app.find(), "the script's default application id");
        assertEquals(StreamsProperties.of(new Properties(), null)
                .getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                app.group(1), "the script grants the application id the processor uses");
        Set<String> acls = new TreeSet<>();
        Matcher loop = Pattern.compile("for t in ([^;]+); do\\s+acl --operation (\\w+) --topic \"\\$t\"")
                .matcher(script);
        while (loop.find()) {
            for (String topic : loop.group(1).trim().split("\\s+")) {
                acls.add("topic literal " + topic + " " + loop.group(2));
            }
        }
        Pattern single = Pattern.compile("^acl --operation (\\w+)(?: --resource-pattern-type (\\w+))? "
                + "--(topic|group|transactional-id|cluster)(?: \"\\$APPLICATION_ID\")?$");
        for (String line : script.lines().map(String::trim).filter(l -> l.startsWith("acl --"))
                .filter(l -> !l.endsWith("\"$t\"")).toList()) {
            Matcher m = single.matcher(line);
            assertTrue(m.matches(), "an acl call this test understands: " + line);
            String type = Map.of("transactional-id", "transactionalId").getOrDefault(m.group(3), m.group(3));
            String pattern = "prefixed".equals(m.group(2)) ? "prefix" : "literal";
            String name = type.equals("cluster") ? "" : app.group(1);
            acls.add(String.join(" ", type, pattern, name, m.group(1)));
        }
        assertTrue(acls.size() > 20, "parsed the script's grants: " + acls);
        return acls;
    }
}
