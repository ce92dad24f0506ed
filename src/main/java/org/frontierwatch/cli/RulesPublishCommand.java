package org.frontierwatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.config.RuleDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rules publish FILE...}: consumes rules files and the rules topic; checks the files as {@code rules check}
 * does, then produces to the topic the rules that are new or changed (and, with {@code --prune}, tombstones for the
 * rules in force that the files do not list). Prints what changed, as {@code rules diff} does. Running processors
 * apply it without a restart.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Check rules files, then put their new and changed rules in force on the rules topic "
                + "(running processors apply them at once).")
final class RulesPublishCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rules files (the format of config/rules.yaml).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--prune", description = "Also take out of force every rule the files do not list.")
    boolean prune;

    @Mixin
    RulesTopicOptions rulesTopic;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> file = RulesTopicOptions.fromFiles(files);
        Properties client = rulesTopic.connection.connect();
        RulesTopic.Contents inForce = rulesTopic.read(client);
        RuleDiff diff = RuleDiff.between(inForce.values(), file);
        Map<String, String> records = diff.toPublish(file, prune);
        PrintStream out = System.out;
        diff.entries().forEach(e -> out.println(e.line()));
        if (records.isEmpty()) {
            out.println("Nothing to publish: the rules in force on " + rulesTopic.topic() + " are the files' rules.");
            return 0;
        }
        try {
            RulesTopic.publish(client, rulesTopic.topic(), records, rulesTopic.connection.connectTimeout());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CliException("publishing to " + rulesTopic.topic() + " failed: " + cause.getMessage(), e);
        }
        long deleted = records.values().stream().filter(v -> v == null).count();
        out.println("Published " + (records.size() - deleted) + " rule(s)" + (deleted > 0 ? ", took " + deleted
                + " out of force" : "") + " on " + rulesTopic.topic() + ".");
        return 0;
    }
}
