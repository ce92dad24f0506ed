package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.RulesLoader;
import org.frontierwatch.metrics.AlertmanagerMetrics;
import org.frontierwatch.metrics.PipelineMetrics;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps the docs true to the code: consumes README.md and docs/*.md and the code they describe (the picocli command
 * tree, the configuration loader, the FW_ variables the sources read, the meters they register), produces a
 * failure naming file and line for each documented command that does not parse, each broken link or anchor, each
 * configuration key or variable documented but not read (or read but not documented), and each metric in
 * docs/metrics.md that the code does not register (or registers without documenting).
 */
class DocsTest {

    private static final Path OPERATIONS = Path.of("docs/operations.md");
    private static final Path METRICS = Path.of("docs/metrics.md");
    private static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console");

    static List<MarkdownFile> docs() throws IOException {
        List<MarkdownFile> files = new ArrayList<>();
        files.add(MarkdownFile.read(Path.of("README.md")));
        try (Stream<Path> md = Files.list(Path.of("docs"))) {
            md.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> files.add(MarkdownFile.read(p)));
        }
        return files;
    }

    /**
     * Every frontier-watch command line of the docs: each line of a shell code block, each line of any other code
     * block that runs the jar, and each indented code line outside fences that does.
     */
    static List<ShellCommands.Invocation> documentedCommands(List<MarkdownFile> files) {
        List<ShellCommands.Invocation> found = new ArrayList<>();
        for (MarkdownFile md : files) {
            List<List<MarkdownFile.Line>> blocks = new ArrayList<>();
            for (MarkdownFile.CodeBlock b : md.codeBlocks()) {
                blocks.add(SHELL.contains(b.info()) ? b.lines()
                        : b.lines().stream().filter(l -> l.text().contains("frontier-watch.jar")).toList());
            }
            blocks.add(md.prose().stream().filter(l -> l.text().startsWith("    ")
                    && (l.text().trim().startsWith("frontier-watch ") || l.text().contains("frontier-watch.jar")))
                    .toList());
            for (List<MarkdownFile.Line> block : blocks) {
                for (MarkdownFile.Line l : ShellCommands.logicalLines(block)) {
                    for (List<String> args : ShellCommands.invocations(l.text().trim())) {
                        found.add(new ShellCommands.Invocation(md + ":" + l.number(), args));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void shouldParseEveryDocumentedCommandLineWithTheRealCli() throws IOException {
        List<ShellCommands.Invocation> commands = documentedCommands(docs());
        List<String> failures = new ArrayList<>();
        for (ShellCommands.Invocation c : commands) {
            try {
                CommandLine.ParseResult parsed = new CommandLine(new FrontierWatchCli()).parseArgs(
                        c.args().toArray(String[]::new));
                CommandLine.ParseResult leaf = parsed;
                while (leaf.hasSubcommand()) {
                    leaf = leaf.subcommand();
                }
                if (leaf == parsed || !leaf.commandSpec().subcommands().isEmpty()) {
                    failures.add(c.where() + ": " + c.args() + " names no command that runs");
                }
            } catch (CommandLine.ParameterException e) {
                failures.add(c.where() + ": " + c.args() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), "documented commands the CLI refuses:\n" + String.join("\n", failures));
        // The extraction itself must see the docs' commands, or this test would pass on nothing.
        assertTrue(commands.size() >= 20, "only " + commands.size() + " commands found: " + commands);
    }

    @Test
    void shouldDescribeEveryCommandAndFlagOfTheCliInTheCliManual() throws IOException {
        String manual = Files.readString(Path.of("docs/cli.md"));
        List<String> missing = new ArrayList<>();
        List<CommandLine> pending = new ArrayList<>(new CommandLine(new FrontierWatchCli()).getSubcommands().values());
        int options = 0;
        while (!pending.isEmpty()) {
            CommandLine c = pending.remove(0);
            if (c.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            pending.addAll(c.getSubcommands().values());
            // "rules diff" is written `rules diff FILE...`: the name as typed, after the program's.
            String typed = c.getCommandSpec().qualifiedName().substring("frontier-watch ".length());
            if (!manual.contains("`" + typed)) {
                missing.add("command " + c.getCommandSpec().qualifiedName());
            }
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                options++;
                if (!o.hidden() && !manual.contains("`" + o.longestName())) {
                    missing.add(c.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "docs/cli.md does not describe: " + missing);
        assertTrue(options >= 80, "only " + options + " options seen");
    }

    @Test
    void shouldFindCommandsBehindContinuationsCommentsAssignmentsAndPipes() {
        List<MarkdownFile.Line> block = List.of(new MarkdownFile.Line(1, "FW_X='a b' java -Dx=y \\"),
                new MarkdownFile.Line(2, "  -jar target/frontier-watch.jar tail --format text   # one line each"),
                new MarkdownFile.Line(3, "cat r.jsonl | frontier-watch produce --topic sites > out.txt"),
                new MarkdownFile.Line(4, "mvn -B verify && echo frontier-watch run"));
        List<MarkdownFile.Line> logical = ShellCommands.logicalLines(block);
        assertEquals(3, logical.size());
        assertEquals(List.of(List.of("tail", "--format", "text")), ShellCommands.invocations(logical.get(0).text()));
        assertEquals(List.of(List.of("produce", "--topic", "sites")),
                ShellCommands.invocations(logical.get(1).text()));
        assertEquals(List.of(), ShellCommands.invocations(logical.get(2).text()), "echo runs nothing of ours");
    }

    @Test
    void shouldResolveEveryRelativeLinkToAFileAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (MarkdownFile md : docs()) {
            for (MarkdownFile.Line link : md.links()) {
                String target = link.text();
                if (URI.create(target.replace(" ", "%20")).getScheme() != null) {
                    continue; // https:, mailto: ...: not ours to check offline
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? md.path() : md.path().resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(md + ":" + link.number() + ": " + target + ": no such file " + resolved);
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !MarkdownFile.read(resolved).anchors().contains(target.substring(hash + 1))) {
                    broken.add(md + ":" + link.number() + ": " + target + ": no such heading in " + resolved);
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
        assertTrue(checked >= 100, "only " + checked + " relative links found");
    }

    @Test
    void shouldComputeGitHubAnchorsForHeadings() {
        assertEquals("run--the-stream-processor", MarkdownFile.slug("`run` — the stream processor"));
        assertEquals("throughput-issue-23-where-a-reports-cpu-goes",
                MarkdownFile.slug("Throughput (issue #23): where a report's CPU goes"));
        assertEquals("acknowledgement-alert-acks", MarkdownFile.slug("Acknowledgement (`alert-acks`)"));
    }

    /** Rows of the tables of one section of a doc: the cells of each line starting with a pipe. */
    static List<List<String>> tableRows(Path doc, String section) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("## ")) {
                in = line.equals("## " + section);
            } else if (in && line.startsWith("|") && !line.startsWith("|---")) {
                // Cells split on pipes that are not escaped (a \| inside a cell is text).
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1).split("(?<!\\\\)\\|")) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /**
     * The frontier.* keys of the configuration table in docs/operations.md: a row's first cell names one key, or a
     * key followed by siblings written from their last dot ({@code `frontier.cap.sender`, `.status`}).
     */
    static Set<String> documentedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (List<String> row : tableRows(OPERATIONS, "Configuration")) {
            Matcher m = Pattern.compile("`([^`]+)`").matcher(row.get(0));
            String first = null;
            while (m.find()) {
                String key = m.group(1);
                if (first == null && key.startsWith(AppConfig.PREFIX)) {
                    first = key;
                    keys.add(key);
                } else if (first != null && key.startsWith(".")) {
                    keys.add(first.substring(0, first.lastIndexOf('.')) + key);
                }
            }
        }
        return keys;
    }

    @Test
    void shouldDocumentEveryConfigurationKeyTheLoaderReadsAndNoOther() throws IOException {
        Set<String> documented = documentedKeys();
        Set<String> undocumented = new TreeSet<>(AppConfig.keys());
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(AppConfig.keys());
        assertTrue(undocumented.isEmpty() && unknown.isEmpty(), "docs/operations.md, Configuration: keys the "
                + "loader reads but the table lacks " + undocumented + "; keys in the table the loader refuses "
                + unknown);

        // Anywhere else in the docs, a frontier.* key (or a prefix written as frontier.x.*) names a real one.
        Pattern mention = Pattern.compile("(?<![\\w.-])frontier\\.[a-z][a-z0-9.-]*[a-z0-9](\\.\\*)?");
        List<String> wrong = new ArrayList<>();
        for (MarkdownFile md : docs()) {
            for (MarkdownFile.Line l : md.allLines()) {
                Matcher m = mention.matcher(l.text());
                while (m.find()) {
                    String key = m.group().replace(".*", ".");
                    boolean known = key.endsWith(".") ? AppConfig.keys().stream().anyMatch(k -> k.startsWith(key))
                            : AppConfig.keys().contains(key);
                    if (!known) {
                        wrong.add(md + ":" + l.number() + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "configuration keys the loader does not know:\n" + String.join("\n", wrong));
    }

    @Test
    void shouldListEveryConfigurationKeyInTheShippedPropertiesFile() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#?\\s*(frontier\\.[\\w.-]+)=").matcher(
                Files.readString(Path.of("config/frontier-watch.properties")));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(AppConfig.keys(), listed, "config/frontier-watch.properties lists every key, set or commented");
    }

    /** Every key a Kafka client or Kafka Streams knows, and the topic key {@code setup} passes on. */
    static Set<String> kafkaKeys() {
        Set<String> keys = new TreeSet<>(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.add(TopicSetup.MIN_INSYNC_REPLICAS);
        return keys;
    }

    /** The FW_ variables the code reads: picocli's ${env:FW_...} defaults and the names it looks up itself. */
    static Set<String> variablesTheCodeReads() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("\\$\\{env:(FW_[A-Z_]+)|\"(FW_[A-Z_]+[A-Z])\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return names;
    }

    @Test
    void shouldDocumentEveryEnvironmentVariableTheCodeReadsAndNoOther() throws IOException {
        Set<String> read = variablesTheCodeReads();
        Set<String> inTable = new TreeSet<>();
        for (List<String> row : tableRows(OPERATIONS, "Configuration")) {
            Matcher m = Pattern.compile("FW_[A-Z_]*[A-Z]").matcher(row.size() > 1 ? row.get(1) : "");
            while (m.find()) {
                inTable.add(m.group());
            }
        }
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(inTable);
        assertTrue(missing.isEmpty(), "variables the code reads that docs/operations.md's Configuration table "
                + "lacks: " + missing);
        assertTrue(read.size() >= 15, "the scan of the sources found only " + read);

        Set<String> kafkaKeys = kafkaKeys();
        Pattern mention = Pattern.compile("\\bFW_[A-Z0-9_]*");
        List<String> wrong = new ArrayList<>();
        for (MarkdownFile md : docs()) {
            for (MarkdownFile.Line l : md.allLines()) {
                Matcher m = mention.matcher(l.text());
                while (m.find()) {
                    String name = m.group();
                    boolean ok;
                    boolean wildcard = m.end() < l.text().length() && "*<".indexOf(l.text().charAt(m.end())) >= 0;
                    if (wildcard && (name.equals("FW_") || name.equals(ClientSettings.ENV_PREFIX))) {
                        ok = true; // FW_*, FW_KAFKA_<KEY>, FW_KAFKA_*: a family, not a name
                    } else if (name.startsWith(ClientSettings.ENV_PREFIX)) {
                        Properties key = ClientSettings.fromEnvironment(Map.of(name, "x"));
                        ok = kafkaKeys.containsAll(key.stringPropertyNames());
                    } else {
                        ok = read.contains(name);
                    }
                    if (!ok) {
                        wrong.add(md + ":" + l.number() + ": " + name);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "variables the code does not read (or Kafka settings Kafka does not know):\n"
                + String.join("\n", wrong));
    }

    /** The metric names of docs/metrics.md's table of Frontier Watch's own metrics (the first cell of each row). */
    static Set<String> documentedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (List<String> row : tableRows(METRICS, "Frontier Watch's own metrics")) {
            Matcher m = Pattern.compile("^`(frontierwatch_[a-z_]+)`$").matcher(row.get(0));
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void shouldDocumentExactlyTheMetricsTheCodeRegisters() throws IOException {
        Set<String> registered = RegisteredMetrics.fromSources(Path.of("src/main/java"));
        Set<String> documented = documentedMetrics();
        Set<String> notRegistered = new TreeSet<>(documented);
        notRegistered.removeAll(registered);
        Set<String> notDocumented = new TreeSet<>(registered);
        notDocumented.removeAll(documented);
        assertTrue(notRegistered.isEmpty() && notDocumented.isEmpty(), "docs/metrics.md lists metrics no code "
                + "registers " + notRegistered + "; the code registers metrics it does not list " + notDocumented);

        // The scan of the sources must see what the real classes register, or it could miss a metric.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics pipeline = new PipelineMetrics(registry);
        pipeline.registerKnownLabels(RulesLoader.load(Path.of("config/rules.yaml")));
        pipeline.stateRestored("incidents-store", 1);
        pipeline.standbyUpdated("incidents-store", 1);
        pipeline.stateValueWritten("summary", 1);
        pipeline.stateValueOversized("summary");
        pipeline.referenceRejected("sites", "invalid_json");
        pipeline.ruleRejected("invalid_rule");
        new AlertmanagerMetrics(registry, List.of(URI.create("http://127.0.0.1:9093")), List.of("timeout"),
                new Object(), o -> 0);
        Set<String> live = RegisteredMetrics.families(registry);
        live.removeIf(n -> n.endsWith("_max"));
        assertTrue(registered.containsAll(live), "registered by the code but unseen by the scan: " + live);
        assertTrue(live.size() >= 20, "only " + live.size() + " metrics registered: " + live);
    }

    @Test
    void shouldNameOnlyRegisteredMetricsAnywhereInTheDocs() throws IOException {
        Set<String> registered = RegisteredMetrics.fromSources(Path.of("src/main/java"));
        Pattern mention = Pattern.compile("\\bfrontierwatch_[a-z_]*[a-z](_\\*)?");
        List<String> wrong = new ArrayList<>();
        for (MarkdownFile md : docs()) {
            for (MarkdownFile.Line l : md.allLines()) {
                Matcher m = mention.matcher(l.text());
                while (m.find()) {
                    String name = m.group();
                    String base = name.replaceAll("_(bucket|count|sum)$", "");
                    boolean ok = name.endsWith("_*")
                            ? registered.stream().anyMatch(r -> r.startsWith(name.substring(0, name.length() - 1)))
                            : registered.contains(name) || registered.contains(base);
                    if (!ok) {
                        wrong.add(md + ":" + l.number() + ": " + name);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "metric names no code registers:\n" + String.join("\n", wrong));
    }
}
