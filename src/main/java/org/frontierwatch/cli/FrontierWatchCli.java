package org.frontierwatch.cli;

import org.frontierwatch.broker.BrokerStartException;
import org.frontierwatch.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code frontier-watch} command line: {@code run}, {@code demo}, {@code setup}, {@code produce}, {@code tail},
 * {@code health}, {@code broker}, {@code rules},
 * {@code backtest}, {@code import}. Exit codes:
 * 0 success, 1 failure (one line on stderr, no stack trace), 2 usage error.
 */
@Command(name = "frontier-watch", mixinStandardHelpOptions = true, version = "Frontier Watch 0.1.0",
        description = "Security alerts for foreign-worker sites in border zones, on Kafka Streams.",
        subcommands = {RunCommand.class, ProduceCommand.class, TailCommand.class, DemoCommand.class, SetupCommand.class,
                BrokerCommand.class, HealthCommand.class, RulesCommand.class,
                BacktestCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class FrontierWatchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: run, demo, setup, produce, tail, health, broker, rules, backtest or import");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FrontierWatchCli());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("frontier-watch: " + message(e));
            return 1;
        });
        return cl;
    }

    /** One line for the errors users cause or meet; class and message for anything unexpected. */
    static String message(Throwable e) {
        if (e instanceof ConfigException || e instanceof CliException || e instanceof BrokerStartException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\s+", " "));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }
}
