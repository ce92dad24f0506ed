package org.frontierwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.frontierwatch.config.RulesLoader;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.MsgType;
import org.frontierwatch.model.Site;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.testing.EvidenceFixtures;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.Reports;
import org.junit.jupiter.api.Test;

/**
 * A held change is judged on {@link AlertFactory#materialFingerprint} without building its message: that must be the
 * fingerprint of the message {@link AlertFactory#build} would have made, for every default rule and every kind of
 * evidence (one district or several, foreign victims or none, more sites than a message lists).
 */
class MaterialFingerprintTest {

    private static final Instant T0 = Instant.parse("2025-11-20T00:00:00Z");
    private static final Instant NOW = Instant.parse("2025-12-01T00:00:00Z");

    private final MapReferenceData ref = MapReferenceData.border();
    private final AlertFactory factory = new AlertFactory(ref, code -> { });
    private final List<Rule> rules = RulesLoader.load(Path.of("config/rules.yaml"));

    MaterialFingerprintTest() {
        // More Chinese-staffed sites in Panj than a message lists, so the listed and the total differ.
        for (int s = 0; s < AlertFactory.MAX_AFFECTED_SITES + 20; s++) {
            ref.site(new Site(String.format("s-camp-%03d", s), "Camp " + s, "CRBC", "CN", "construction", "TJ",
                    "Khatlon", "Panj", 37.2, 69.1, Map.of("CN", 5 + s)));
        }
    }

    private static Incident attack(String id, int minutes, String admin2, int fatalities, String... victims) {
        return new Incident(Reports.report(id).at(T0.plus(Duration.ofMinutes(minutes))).country("TJ")
                .admin2(admin2).fatalities(fatalities).victims(victims).origin("AF").build(),
                admin2.equals("Panj") ? "tj-panj" : "tj-darvoz", admin2,
                admin2.equals("Panj") ? "Khatlon" : "Gorno-Badakhshan", true, false);
    }

    /** Evidence sets that differ in what is material: area, victims' nationalities, foreign fatalities. */
    private static List<List<Incident>> evidenceSets() {
        return List.of(
                List.of(attack("a1", 0, "Panj", 2, "CN")),
                List.of(attack("b1", 0, "Panj", 0, "CN"), attack("b2", 10, "Panj", 1)),
                List.of(attack("c1", 0, "Panj", 3, "CN", "TR"), attack("c2", 60, "Darvoz", 1, "CN")),
                List.of(attack("d1", 0, "Darvoz", 1, "TJ")),
                List.of(attack("e1", 0, "Darvoz", 4, "TR"), attack("e2", 5, "Darvoz", 1, "CN")));
    }

    @Test
    void shouldFingerprintTheFactsExactlyAsTheMessageBuiltFromThem() {
        Set<Long> seen = new HashSet<>();
        int compared = 0;
        for (Rule rule : rules) {
            for (List<Incident> evidence : evidenceSets()) {
                for (int level = 0; level < rule.levels().size(); level++) {
                    EpisodeSummary episode = EvidenceFixtures.episode(rule, evidence, level, evidence.size());
                    Map<String, String> group = group(rule, evidence.get(0));
                    Alert built = factory.build(rule, episode, group, rule.id() + "/k", MsgType.Update, 2, List.of(),
                            NOW, NOW);
                    long expected = MaterialFacts.fingerprint(built.content());
                    assertEquals(expected, factory.materialFingerprint(rule, episode, group),
                            rule.id() + " level " + level + " over " + evidence.size() + " incident(s)");
                    seen.add(expected);
                    compared++;
                }
            }
        }
        assertEquals(rules.stream().mapToInt(r -> r.levels().size()).sum() * evidenceSets().size(), compared);
        assertNotEquals(1, seen.size(), "the evidence sets differ in material facts");
    }

    @Test
    void shouldCountSitesBeyondTheListedOnesInTheFingerprint() {
        Rule rule = rules.stream().filter(r -> r.id().equals("district-fatalities")).findFirst().orElseThrow();
        List<Incident> evidence = new ArrayList<>(List.of(attack("p1", 0, "Panj", 5)));
        EpisodeSummary panj = EvidenceFixtures.episode(rule, evidence, 0, 5);
        long before = factory.materialFingerprint(rule, panj, group(rule, evidence.get(0)));
        ref.site(new Site("s-zz-last", "Last camp", "CRBC", "CN", "construction", "TJ", "Khatlon", "Panj", 37.2,
                69.1, Map.of("CN", 1)));
        // A fresh factory: the reference data's lookups are not cached across versions in this fixture anyway.
        long after = new AlertFactory(ref, code -> { }).materialFingerprint(rule, panj, group(rule, evidence.get(0)));
        assertNotEquals(before, after, "a site past the listed hundred still changes the covered total");
    }

    private static Map<String, String> group(Rule rule, Incident first) {
        Map<String, String> group = new LinkedHashMap<>();
        rule.groupBy().forEach(d -> group.put(d.label(), d.values(first).stream().findFirst().orElse("")));
        return group;
    }
}
