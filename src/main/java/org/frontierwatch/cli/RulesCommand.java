package org.frontierwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rules}: the rule author's tools, {@code rules check} and {@code rules test}; both work without a broker. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check rules files and run rule unit tests, offline.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check or test");
    }
}
