package org.frontierwatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.frontierwatch.config.RuleDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code rules diff FILE...}: consumes rules files and the rules topic, produces one line per rule saying what
 * {@code rules publish} would change ({@code +} new, {@code ~} changed with the keys that differ, {@code =}
 * unchanged, {@code -} in force but not in the files). Exit 0 when publishing would change nothing, 1 otherwise.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what publishing rules files would change in the rules in force (exit 1 when anything).")
final class RulesDiffCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rules files (the format of config/rules.yaml).")
    List<Path> files = new ArrayList<>();

    @Mixin
    RulesTopicOptions rulesTopic;

    @Override
    public Integer call() {
        Map<String, String> file = RulesTopicOptions.fromFiles(files);
        RuleDiff diff = RuleDiff.between(rulesTopic.read(rulesTopic.connection.connect()).values(), file);
        diff.entries().forEach(e -> System.out.println(e.line()));
        return diff.toPublish(file, false).isEmpty() ? 0 : 1;
    }
}
