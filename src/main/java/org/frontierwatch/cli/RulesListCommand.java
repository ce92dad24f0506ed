package org.frontierwatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.frontierwatch.broker.RulesTopic;
import org.frontierwatch.rules.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rules list}: consumes the rules topic, produces one line per rule in force (id, version, type, window,
 * levels) and one per record that changed nothing (a rejected rule: the version before it stays in force).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the rules in force (from the rules topic): id, version, type, window and levels.")
final class RulesListCommand implements Callable<Integer> {

    @Mixin
    RulesTopicOptions rulesTopic;

    @Override
    public Integer call() {
        RulesTopic.Contents contents = rulesTopic.read(rulesTopic.connection.connect());
        PrintStream out = System.out;
        if (contents.isEmpty()) {
            out.println("No rules on " + rulesTopic.topic() + " yet: `frontier-watch run` publishes its rules file "
                    + "there at start, `frontier-watch rules publish FILE` puts rules in force.");
            return 0;
        }
        for (Rule r : contents.rules().values()) {
            out.println(r.id() + " " + r.version() + " " + r.kind().name().toLowerCase(Locale.ROOT)
                    + (r.window().isZero() ? "" : " " + window(r.window())) + " " + r.levels().stream()
                    .map(l -> l.response() + ">=" + format(l.min())).collect(Collectors.joining(" ")));
        }
        contents.rejected().forEach(r -> System.err.println("rejected (changed nothing): " + r));
        return 0;
    }

    /** As a rules file writes it: P30D rather than Java's PT720H. */
    private static String window(Duration w) {
        return w.toSeconds() % 86_400 == 0 ? "P" + w.toDays() + "D" : w.toString();
    }

    private static String format(double min) {
        return min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min);
    }
}
