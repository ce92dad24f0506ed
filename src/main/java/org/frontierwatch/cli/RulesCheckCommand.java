package org.frontierwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.config.ConfigException;
import org.frontierwatch.config.RuleReferenceCheck;
import org.frontierwatch.config.RulesLoader;
import org.frontierwatch.model.District;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rules check [FILE...]}: consumes rules files (and optionally a reference directory), produces one line per
 * file: {@code FILE: OK (N rules: ids)} on stdout, or the start-up error (file, rule, key) on stderr. Exit 1 when any
 * file has a problem.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate rules files with the checks run at start-up (file, rule and key of each problem).")
final class RulesCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Rules files. Default: --rules / FW_RULES, else config/rules.yaml.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = "${env:FW_RULES:-config/rules.yaml}", hidden = true)
    Path defaultRules;

    @Option(names = "--reference-dir", paramLabel = "DIR",
            description = "Also check that filters and scopes name nationalities and districts this reference "
                    + "directory knows (sites.jsonl, nationalities.jsonl, districts.jsonl).")
    Path referenceDir;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<Path> toCheck = files.isEmpty() ? List.of(defaultRules) : files;
        Reference reference = referenceDir == null ? null : Reference.read(referenceDir);
        int failed = 0;
        for (Path file : toCheck) {
            List<Rule> rules;
            try {
                rules = RulesLoader.load(file);
            } catch (ConfigException e) {
                err.println("frontier-watch: " + e.getMessage());
                failed++;
                continue;
            }
            List<String> problems = reference == null ? List.of() : RuleReferenceCheck.problems(file.toString(),
                    rules, reference.nationalities(), reference.districts(), referenceDir.toString());
            problems.forEach(p -> err.println("frontier-watch: " + p));
            if (!problems.isEmpty()) {
                failed++;
                continue;
            }
            out.println(file + ": OK (" + rules.size() + " rules: "
                    + String.join(", ", rules.stream().map(Rule::id).toList()) + ")");
        }
        return failed == 0 ? 0 : 1;
    }

    /** The nationality codes and districts of a reference directory (validated as at start-up). */
    record Reference(Set<String> nationalities, List<District> districts) {

        static Reference read(Path dir) {
            Map<ReferenceLoader.ReferenceFile, LinkedHashMap<String, String>> files = ReferenceLoader.read(dir);
            Set<String> codes = null;
            List<District> districts = new ArrayList<>();
            for (var e : files.entrySet()) {
                switch (e.getKey().fileName()) {
                    case "nationalities.jsonl" -> codes = Set.copyOf(e.getValue().keySet());
                    case "districts.jsonl" -> e.getValue().values().forEach(json -> districts.add(district(json)));
                    default -> { }
                }
            }
            return new Reference(codes == null ? Set.of() : codes, districts);
        }

        private static District district(String json) {
            try {
                return Json.mapper().readValue(json, District.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
