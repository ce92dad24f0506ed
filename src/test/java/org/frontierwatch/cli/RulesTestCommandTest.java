package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules test}: the shipped seed-story tests, failures with their diff, inline data, broken test files. */
class RulesTestCommandTest {

    private static final String RULES = Path.of("config/rules.yaml").toAbsolutePath().toString();
    private static final String REFERENCE = Path.of("config/reference").toAbsolutePath().toString();
    private static final String SEED = Path.of("config/scenarios/tajik-afghan-border-2025.jsonl").toAbsolutePath()
            .toString();

    /** Inline reference data: one nationality, one district, one site in it. */
    private static final String INLINE_REFERENCE = """
                reference:
                  nationalities:
                    - {code: TJ, name: Tajikistan, demonym: Tajik, embassy_contact: MFA}
                  districts:
                    - {district_id: tj-panj, country: TJ, admin1: Khatlon, name: Panj, aliases: [Pyanj]}
                  sites:
                    - {site_id: panj-depot, name: Panj depot, operator: Op, country: TJ, admin2: Panj,
                       workers: {TJ: 10}}
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("t.test.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldPassTheShippedSeedStoryTests() {
        CliRun r = CliRun.of("rules", "test", "config/tests/seed-story.test.yaml");
        assertEquals(0, r.rc(), r.out() + r.err());
        assertEquals(List.of(
                "PASS config/tests/seed-story.test.yaml: seed story raises its seven messages (7 message(s))",
                "PASS config/tests/seed-story.test.yaml: retracting the clash updates or cancels what rested on it (9 "
                        + "message(s))",
                "2 passed, 0 failed"), r.out().lines().toList());
    }

    @Test
    void shouldPassTheShippedAlertCadenceTestsOfHeldUpdatesAndClosingAllClears() {
        CliRun r = CliRun.of("rules", "test", "config/tests/alert-cadence.test.yaml");
        assertEquals(0, r.rc(), r.out() + r.err());
        assertEquals("3 passed, 0 failed", r.out().lines().reduce((a, b) -> b).orElse(""), r.out());
    }

    @Test
    void shouldRejectAQuietPeriodThatIsNotADuration() throws IOException {
        Path file = write("""
                rules: %s
                reference_dir: %s
                tests:
                  - name: bad quiet
                    quiet_after: six hours
                    input: [{tombstone: X}]
                    expected_alerts: []
                """.formatted(RULES, REFERENCE));
        CliRun r = CliRun.of("rules", "test", file.toString());
        assertEquals(1, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains("frontier-watch: " + file
                + ": tests[0] (name=bad quiet).quiet_after: 'six hours' is not a "
                + "non-negative ISO-8601 duration such as PT6H or P40D"), r.err());
    }

    @Test
    void shouldFailAWrongExpectationWithADiffOfExpectedAndActual() throws IOException {
        Path file = write("""
                rules: %s
                reference_dir: %s
                tests:
                  - name: wrong
                    now: 2025-12-10T00:00:00Z
                    input_file: %s
                    expected_alerts:
                      - {key: foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26, msg_type: Alert}
                      - {key: district-fatalities/tj-shamsiddin-shohin/2025-11-26, severity: Extreme, count: 1}
                """.formatted(RULES, REFERENCE, SEED));

        CliRun r = CliRun.of("rules", "test", file.toString());

        assertEquals(1, r.rc());
        List<String> out = r.out().lines().toList();
        assertEquals(List.of(
                "FAIL " + file + ": wrong",
                "    message 2 (Alert district-fatalities/tj-shamsiddin-shohin/2025-11-26 (Severe, Prepare)): "
                        + "severity: expected \"Extreme\", got \"Severe\"",
                "    message 3: unexpected Alert foreign-workers-killed/tj-darvoz/2025-11-30 (Extreme, Evacuate)"),
                out.subList(0, 3));
        assertTrue(out.contains("    expected 2 message(s), got 7"), r.out());
        int diff = out.indexOf("    --- expected");
        assertEquals(List.of(
                "    --- expected",
                "    +++ actual",
                "       1 {\"key\":\"foreign-workers-killed/tj-shamsiddin-shohin/2025-11-26\",\"msg_type\":\"Alert\"}",
                "    -  2 {\"key\":\"district-fatalities/tj-shamsiddin-shohin/2025-11-26\",\"severity\":\"Extreme\","
                        + "\"count\":1}",
                "    +  2 {\"key\":\"district-fatalities/tj-shamsiddin-shohin/2025-11-26\",\"severity\":\"Severe\","
                        + "\"count\":1}"),
                out.subList(diff, diff + 5));
        assertEquals("0 passed, 1 failed", out.get(out.size() - 1));
    }

    @Test
    void shouldRunInlineReportsTombstonesAndReferenceComparingOnlyTheNamedFields() throws IOException {
        Path file = write(("""
                tests:
                  - name: cache then retraction
                    rules: %s
                """ + INLINE_REFERENCE + """
                    input:
                      - {id: C-1, occurred_at: "2025-06-01T10:00:00Z", event_type: Strategic developments,
                         sub_event_type: Disrupted weapons use, country: TJ, admin2: Pyanj}
                      - {id: BAD-1, occurred_at: "2025-06-01T11:00:00Z", event_type: Earthquake, country: TJ,
                              admin2: Panj}
                      - tombstone: C-1
                    expected_alerts:
                      - {key: weapons-cache/C-1, msg_type: Alert, district_id: tj-panj, affected_site_ids: [panj-depot]}
                      - {key: weapons-cache/C-1, msg_type: Cancel, response: AllClear}
                    expected_dead_letters: [unknown_event_type]
                """).formatted(RULES));

        CliRun r = CliRun.of("rules", "test", file.toString());

        assertEquals(0, r.rc(), r.out() + r.err());
        assertEquals("PASS " + file + ": cache then retraction (2 message(s))", r.out().lines().findFirst().orElse(""));
    }

    @Test
    void shouldReportAnUnknownExpectationKeyWithFileTestAndKey() throws IOException {
        Path file = write("""
                rules: %s
                reference_dir: %s
                tests:
                  - name: typo
                    input_file: %s
                    expected_alerts:
                      - {key: x, severty: Extreme}
                """.formatted(RULES, REFERENCE, SEED));

        CliRun r = CliRun.of("rules", "test", file.toString());

        assertEquals(1, r.rc());
        assertEquals(1, r.errorLines().size(), r.err());
        assertTrue(r.errorLines().get(0).startsWith("frontier-watch: " + file
                + ": tests[0] (name=typo).expected_alerts[0].severty: unknown key; known keys: [admin1, "), r.err());
        assertEquals("0 passed, 1 failed", r.out().strip());
    }

    @Test
    void shouldReportMissingPartsOfATest() throws IOException {
        assertEquals("frontier-watch: " + dir.resolve("t.test.yaml") + ": tests[0] (name=empty).input: missing: "
                + "give 'input' and/or 'input_file'", CliRun.of("rules", "test", write("""
                rules: %s
                reference_dir: %s
                tests:
                  - {name: empty, expected_alerts: []}
                """.formatted(RULES, REFERENCE)).toString()).errorLines().get(0));
        assertEquals("frontier-watch: " + dir.resolve("t.test.yaml") + ": tests[0] (name=no data).reference_dir: "
                + "missing: give 'reference' (inline) or 'reference_dir' (here or at the top level)",
                CliRun.of("rules", "test", write("""
                tests:
                  - {name: no data, rules: %s, input: [{tombstone: x}], expected_alerts: []}
                """.formatted(RULES)).toString()).errorLines().get(0));
        assertEquals("frontier-watch: " + dir.resolve("t.test.yaml") + ": tests[0] (name=bad clock).now: "
                + "'yesterday' is not an ISO-8601 instant such as 2025-12-10T00:00:00Z",
                CliRun.of("rules", "test", write("""
                tests:
                  - {name: bad clock, rules: %s, reference_dir: %s, now: yesterday, input: [{tombstone: x}],
                     expected_alerts: []}
                """.formatted(RULES, REFERENCE)).toString()).errorLines().get(0));
    }

    @Test
    void shouldFailATestWhoseRulesFileIsBrokenAndRunTheOthers() throws IOException {
        Path badRules = dir.resolve("bad-rules.yaml");
        Files.writeString(badRules, "rules: []\n");
        Path file = write(("""
                reference_dir: %s
                tests:
                  - {name: broken rules, rules: bad-rules.yaml, input: [{tombstone: x}], expected_alerts: []}
                  - {name: fine, rules: %s, input: [{tombstone: x}], expected_alerts: []}
                """).formatted(REFERENCE, RULES));

        CliRun r = CliRun.of("rules", "test", file.toString());

        assertEquals(1, r.rc());
        assertEquals(List.of(
                "FAIL " + file + ": broken rules",
                "    " + badRules + ": rules: must be a non-empty list of rules",
                "PASS " + file + ": fine (0 message(s))",
                "1 passed, 1 failed"), r.out().lines().toList());
    }
}
