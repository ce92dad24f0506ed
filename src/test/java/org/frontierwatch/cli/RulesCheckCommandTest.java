package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules check}: the start-up errors of each file, the reference checks, exit codes. */
class RulesCheckCommandTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            rules:
              - id: attacks-on-foreigners
                event: Attacks
                type: windowed
                window: P7D
                filter:
                  country: [%s]
                  victim_nationalities: [%s]
                scope: %s
                levels:
                  - {min: 2, severity: %s, response: Prepare}
                headline: "{count} attacks in {district}"
                instruction: "Prepare to leave {district}"
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path rule(String name, String country, String nationality, String scope, String severity)
            throws IOException {
        return write(name, RULE.formatted(country, nationality, scope, severity));
    }

    @Test
    void shouldPassTheShippedRulesWithTheShippedReferenceData() {
        CliRun r = CliRun.of("rules", "check", "--reference-dir", "config/reference", "config/rules.yaml");
        assertEquals(0, r.rc(), r.err());
        assertEquals("config/rules.yaml: OK (5 rules: foreign-workers-killed, repeat-attacks-on-nationals, "
                + "cross-border-incursions, district-fatalities, weapons-cache)", r.out().strip());
    }

    @Test
    void shouldCheckTheDefaultRulesFileWhenNoneIsGiven() {
        CliRun r = CliRun.of("rules", "check");
        assertEquals(0, r.rc(), r.err());
        assertEquals(true, r.out().startsWith("config/rules.yaml: OK (5 rules:"), r.out());
    }

    @Test
    void shouldReportTheStartUpErrorOfEachBrokenFileAndExitOne() throws IOException {
        Path badSeverity = rule("severity.yaml", "TJ", "CN", "district", "Huge");
        Path unknownKey = write("key.yaml", RULE.formatted("TJ", "CN", "district", "Severe")
                .replace("    window: P7D\n", "    window: P7D\n    windwo: P1D\n"));
        Path good = rule("good.yaml", "TJ", "CN", "district", "Severe");
        Path missing = dir.resolve("missing.yaml");

        CliRun r = CliRun.of("rules", "check", badSeverity.toString(), good.toString(), unknownKey.toString(),
                missing.toString());

        assertEquals(1, r.rc());
        assertEquals(good + ": OK (1 rules: attacks-on-foreigners)", r.out().strip());
        assertEquals(List.of(
                "frontier-watch: " + badSeverity + ": rules[0] (id=attacks-on-foreigners).levels[0].severity: "
                        + "'Huge' is not one of [Extreme, Severe, Moderate, Minor, Unknown]",
                "frontier-watch: " + unknownKey + ": rules[0] (id=attacks-on-foreigners).windwo: unknown key; "
                        + "known keys: [description, event, expires_after, field, filter, group_by, headline, "
                        + "id, instruction, levels, metric, min_exposed_workers, radius_km, scope, type, "
                        + "update_interval, window]",
                "frontier-watch: " + missing + ": (file): rules file not found or not a regular file"),
                r.errorLines());
    }

    @Test
    void shouldReportASyntaxErrorWithItsLine() throws IOException {
        Path file = write("syntax.yaml", "rules:\n  - id: x\n    event: [unclosed\n");
        CliRun r = CliRun.of("rules", "check", file.toString());
        assertEquals(1, r.rc());
        assertEquals(1, r.errorLines().size(), r.err());
        assertEquals(true, r.errorLines().get(0).startsWith("frontier-watch: " + file + ": (syntax): not valid "
                + "YAML/JSON: "), r.err());
        assertEquals(true, r.errorLines().get(0).contains(" at line "), r.err());
    }

    @Test
    void shouldNameUnknownNationalitiesAndCountriesWithoutDistrictsAgainstTheReferenceDir() throws IOException {
        Path file = rule("ref.yaml", "QQ", "ZZ", "district", "Severe");
        CliRun r = CliRun.of("rules", "check", "--reference-dir", "config/reference", file.toString());
        assertEquals(1, r.rc());
        String where = "frontier-watch: " + file + ": rules[0] (id=attacks-on-foreigners).filter.";
        assertEquals(List.of(
                where + "victim_nationalities: 'ZZ' is not a nationality in config/reference/nationalities.jsonl",
                where + "country: 'QQ' is not a nationality in config/reference/nationalities.jsonl",
                where + "country: 'QQ' has no district in config/reference/districts.jsonl"), r.errorLines());
    }

    @Test
    void shouldRejectABorderScopeWhenNoDistrictOfTheCountryListsBorders() throws IOException {
        Path ref = dir.resolve("ref");
        Files.createDirectories(ref);
        Files.writeString(ref.resolve("nationalities.jsonl"),
                "{\"code\":\"TJ\",\"name\":\"Tajikistan\"}\n{\"code\":\"CN\",\"name\":\"China\"}\n");
        Files.writeString(ref.resolve("districts.jsonl"),
                "{\"district_id\":\"tj-panj\",\"country\":\"TJ\",\"name\":\"Panj\"}\n");
        Files.writeString(ref.resolve("sites.jsonl"), "");
        Path file = rule("border.yaml", "TJ", "CN", "border_districts_victim_nationality", "Severe");

        CliRun r = CliRun.of("rules", "check", "--reference-dir", ref.toString(), file.toString());

        assertEquals(1, r.rc());
        assertEquals(List.of("frontier-watch: " + file + ": rules[0] (id=attacks-on-foreigners).scope: "
                + "border_districts_victim_nationality needs districts that list 'borders', but no district of "
                + "[TJ] in " + ref + "/districts.jsonl does"), r.errorLines());
        // the same rule with the shipped gazetteer (Tajik districts bordering AF) passes
        CliRun ok = CliRun.of("rules", "check", "--reference-dir", "config/reference", file.toString());
        assertEquals(0, ok.rc(), ok.err());
    }

    @Test
    void shouldReportABrokenReferenceDirAsOneLine() throws IOException {
        Path file = rule("good.yaml", "TJ", "CN", "district", "Severe");
        CliRun r = CliRun.of("rules", "check", "--reference-dir", dir.resolve("nowhere").toString(), file.toString());
        assertEquals(1, r.rc());
        assertEquals(List.of("frontier-watch: " + dir.resolve("nowhere")
                + ": (directory): reference directory not found"),
                r.errorLines());
    }

    @Test
    void shouldExitTwoWithoutASubcommand() {
        CliRun r = CliRun.of("rules");
        assertEquals(2, r.rc());
        assertEquals(true, r.err().contains("a subcommand is required: check, test, publish, list or diff"), r.err());
    }
}
