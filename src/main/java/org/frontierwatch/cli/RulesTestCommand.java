package org.frontierwatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.frontierwatch.backtest.OfflineTopology;
import org.frontierwatch.backtest.RuleTestRunner;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.ruletest.RuleTestCase;
import org.frontierwatch.ruletest.RuleTestParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rules test FILE...}: consumes rule test files (YAML: rules file, reference data, input reports, expected
 * alert messages); runs each test through the production topology offline and produces a {@code PASS}/{@code FAIL}
 * line per test on stdout, with the differences from the expectation under a failure. Exit 1 when any test fails
 * or a file cannot be read.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run rule unit tests (YAML) through the production topology, without a broker.")
final class RulesTestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule test files (e.g. config/tests/*.test.yaml).")
    List<Path> files;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:FW_CONFIG}",
            description = "Properties file whose frontier.* settings (grace, validation) the tests run with. "
                    + "Env: FW_CONFIG.")
    Path config;

    @Override
    public Integer call() {
        OfflineTopology.quietStartupWarnings();
        PrintStream out = System.out;
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            List<RuleTestCase> tests;
            try {
                tests = RuleTestParser.parse(file);
            } catch (ConfigException e) {
                System.err.println("frontier-watch: " + e.getMessage());
                failed++;
                continue;
            }
            for (RuleTestCase test : tests) {
                RuleTestRunner.Result r = RuleTestRunner.run(test,
                        rules -> ClientSettings.appConfig(config, rules, System.getenv()));
                if (r.passed()) {
                    passed++;
                    out.println("PASS " + file + ": " + test.name() + " (" + r.alerts().size() + " message(s))");
                } else {
                    failed++;
                    out.println("FAIL " + file + ": " + test.name());
                    if (r.error() != null) {
                        out.println("    " + r.error());
                    }
                    r.differences().forEach(d -> out.println("    " + d));
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
