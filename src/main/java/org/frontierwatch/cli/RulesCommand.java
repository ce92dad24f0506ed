package org.frontierwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rules}: the rule author's tools, {@code rules check} and {@code rules test} (offline), and the rules in force
 * on the rules topic: {@code rules publish}, {@code rules list}, {@code rules diff}.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check rules files and run rule unit tests (offline); publish, list and diff the rules in force.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesPublishCommand.class,
            RulesListCommand.class, RulesDiffCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: check, test, publish, list or diff");
    }
}
