package org.frontierwatch.topology;

import static org.frontierwatch.testing.RuleFixtures.level;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.ResponseType;
import org.frontierwatch.model.Severity;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.Filter;
import org.frontierwatch.rules.GroupDimension;
import org.frontierwatch.rules.Level;
import org.frontierwatch.rules.MetricKind;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.rules.RuleKind;
import org.frontierwatch.rules.Scope;
import org.frontierwatch.testing.DifferentialRun;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.Reports;
import org.junit.jupiter.api.Test;

/**
 * The incremental evaluator against the legacy one (episodes over the full incident list) on random histories:
 * in-order, late and tied reports, revisions that move incidents in time and between groups, retractions and
 * no-op revisions, for every metric, several windows and ladders, groupings and scopes. Every change must send
 * exactly the same messages, field for field.
 */
class GroupEvaluatorDifferentialTest {

    static final Instant T0 = Instant.parse("2025-10-01T00:00:00Z");
    static final Duration GRACE = Duration.ofDays(7);
    static final String[] DISTRICT_NAMES = {"Panj", "Darvoz", "Shamsiddin Shohin", "Khwahan", "Nowhere Valley"};
    static final String[] VICTIMS = {"CN", "TR", "RU", "TJ", "AF"};

    static final MapReferenceData REF = new MapReferenceData()
            .district(MapReferenceData.PANJ)
            .district(new District("tj-darvoz", "TJ", "Gorno-Badakhshan", "Darvoz", List.of(), List.of("AF")))
            .district(new District("tj-shohin", "TJ", "Khatlon", "Shamsiddin Shohin", List.of(), List.of("AF")))
            .district(new District("tj-vahdat", "TJ", "RRS", "Vahdat", List.of(), List.of()))
            .district(new District("af-khwahan", "AF", "Badakhshan", "Khwahan", List.of(), List.of("TJ")))
            .site(new Site("s-gold", "Gold mine", "Shohin SM", "CN", "mining", "TJ", "Khatlon", "Shamsiddin Shohin",
                    37.5, 70.0, Map.of("CN", 40, "TJ", 100)))
            .site(new Site("s-road", "Road works", "CRBC", "CN", "construction", "TJ", "Gorno-Badakhshan", "Darvoz",
                    38.4, 70.8, Map.of("CN", 35)))
            .site(new Site("s-gin", "Cotton gin", "Anatolia", "TR", "agriculture", "TJ", "Khatlon", "Pyanj",
                    37.2, 69.1, Map.of("TR", 12, "TJ", 200)))
            .site(new Site("s-dam", "Dam", "Rushydro", "RU", "energy", "TJ", "RRS", "Vahdat", 38.5, 69.0,
                    Map.of("RU", 20)))
            .nationality(new Nationality("CN", "China", "Chinese", "Embassy of China"))
            .nationality(new Nationality("TR", "Turkey", "Turkish", "Embassy of Turkiye"))
            .nationality(new Nationality("TJ", "Tajikistan", "Tajik", "MFA"))
            .nationality(new Nationality("AF", "Afghanistan", "Afghan", null));
    static final DistrictResolver RESOLVER = new DistrictResolver(REF);

    private static final String HEADLINE = "{metric} ({count}, {fatalities} killed) in {district} / {admin1} "
            + "from {origin}: {nationalities} at {sites} sites ({site_names}), {window_days} days, {country_name}";

    static Rule rule(String id, MetricKind metric, String field, Duration window, List<GroupDimension> groupBy,
                     Filter filter, Scope scope, Level... levels) {
        boolean immediate = groupBy.contains(GroupDimension.INCIDENT);
        return new Rule(id, "Event " + id, immediate ? RuleKind.IMMEDIATE : RuleKind.WINDOWED, metric, field,
                immediate ? Duration.ZERO : window, groupBy, filter, List.of(levels), scope, HEADLINE,
                "Act at {site_names}", Duration.ofDays(7), null);
    }

    /** A mix of rules exercising every metric, grouping and scope. */
    static List<Rule> rules(Random random) {
        Filter fatal = new Filter(Set.of(), Set.of(), Set.of(), Set.of(), 1, null, null);
        Filter crossBorder = new Filter(Set.of(), Set.of(), Set.of(), Set.of(), null, true, null);
        // The scopes the legacy evaluator knows: radius scopes came later (ProximityTopologyTest covers them).
        Scope[] scopes = {Scope.SITE, Scope.DISTRICT, Scope.DISTRICT_VICTIM_NATIONALITY,
            Scope.BORDER_DISTRICTS_VICTIM_NATIONALITY};
        List<Rule> all = new ArrayList<>();
        all.add(rule("count", MetricKind.COUNT, null, Duration.ofDays(1 + random.nextInt(7)),
                List.of(GroupDimension.DISTRICT), Filter.ANY, scopes[random.nextInt(scopes.length)],
                level(1 + random.nextInt(3), Severity.Severe, ResponseType.Avoid),
                level(4 + random.nextInt(3), Severity.Extreme, ResponseType.Shelter)));
        all.add(rule("sum", MetricKind.SUM, "fatalities", Duration.ofDays(2 + random.nextInt(20)),
                List.of(GroupDimension.DISTRICT), fatal, Scope.DISTRICT,
                level(3, Severity.Severe, ResponseType.Prepare), level(8, Severity.Extreme, ResponseType.Evacuate)));
        all.add(rule("nationals", MetricKind.COUNT, null, Duration.ofDays(7),
                List.of(GroupDimension.COUNTRY, GroupDimension.FOREIGN_VICTIM_NATIONALITY), fatal,
                Scope.BORDER_DISTRICTS_VICTIM_NATIONALITY, level(2, Severity.Extreme, ResponseType.Evacuate)));
        all.add(rule("distinct", MetricKind.DISTINCT_COUNT, random.nextBoolean() ? "site_id" : "actors",
                Duration.ofDays(3), List.of(GroupDimension.ADMIN1), Filter.ANY, Scope.SITE,
                level(2, Severity.Moderate, ResponseType.Monitor)));
        all.add(rule("incursions", MetricKind.COUNT, null, Duration.ofDays(30), List.of(GroupDimension.COUNTRY),
                crossBorder, Scope.DISTRICT_VICTIM_NATIONALITY,
                level(2, Severity.Severe, ResponseType.Avoid), level(4, Severity.Extreme, ResponseType.Shelter)));
        all.add(rule("each", MetricKind.COUNT, null, Duration.ZERO, List.of(GroupDimension.INCIDENT), fatal,
                Scope.DISTRICT, level(1, Severity.Moderate, ResponseType.Monitor)));
        return all;
    }

    static Map<String, Map<String, String>> route(Rule rule, Incident incident) {
        return RuleGroupRouter.groups(rule, incident);
    }

    /**
     * A random history of {@code steps} accepted reports, run through both evaluators. Report times fall on a grid of
     * {@code gridMinutes} (windows are whole days), so that window bounds are met exactly and times tie often.
     */
    static DifferentialRun run(long seed, int steps, long gridMinutes) {
        Random random = new Random(seed);
        DifferentialRun run = new DifferentialRun(rules(random), REF, GRACE, GroupEvaluatorDifferentialTest::route);
        Map<String, Incident> live = new LinkedHashMap<>();
        List<Instant> times = new ArrayList<>();
        Instant watermark = T0;
        int nextId = 0;
        // Dense or sparse: how far apart in-order reports are.
        long spacingMinutes = steps > 1000 ? 15 : new long[] {20, 180, 900, 2880}[random.nextInt(4)];
        for (int step = 0; step < steps; step++) {
            Instant now = T0.plus(Duration.ofDays(400)).plusSeconds(step);
            int roll = random.nextInt(100);
            Instant recentFrom = watermark.minus(GRACE.multipliedBy(9).dividedBy(10));
            List<Incident> recent = live.values().stream().filter(i -> !i.occurredAt().isBefore(recentFrom)).toList();
            if (roll < 55 || recent.isEmpty()) {
                Instant at = grid(watermark.plus(Duration.ofMinutes(random.nextInt((int) spacingMinutes + 1))),
                        gridMinutes);
                if (random.nextInt(10) == 0 && !times.isEmpty()) {
                    at = times.get(times.size() - 1); // a tie: same instant, ordered by id
                }
                if (gridMinutes == 1 && random.nextInt(7) == 0) {
                    at = at.plusNanos(random.nextInt(1_000_000));
                }
                Incident i = incident("i" + (nextId++), 1, at, random);
                live.put(i.id(), i);
                times.add(at);
                run.change(i.id(), null, i, now);
            } else if (roll < 70) {
                Instant at = grid(
                        watermark.minus(Duration.ofMinutes(random.nextInt((int) (GRACE.toMinutes() * 8 / 10)))),
                        gridMinutes);
                Incident i = incident("i" + (nextId++), 1, at, random);
                live.put(i.id(), i);
                run.change(i.id(), null, i, now);
            } else if (roll < 85) {
                Incident old = recent.get(random.nextInt(recent.size()));
                Instant at = random.nextBoolean() ? old.occurredAt() : grid(watermark.minus(
                        Duration.ofMinutes(random.nextInt((int) (GRACE.toMinutes() * 8 / 10)))), gridMinutes);
                Incident revised = incident(old.id(), old.report().revision() + 1, at, random);
                live.put(old.id(), revised);
                run.change(old.id(), old, revised, now);
            } else if (roll < 95) {
                Incident old = recent.get(random.nextInt(recent.size()));
                live.remove(old.id());
                run.change(old.id(), old, null, now);
            } else {
                Incident same = recent.get(random.nextInt(recent.size()));
                run.change(same.id(), same, same, now);
            }
            for (Incident i : live.values()) {
                if (i.occurredAt().isAfter(watermark)) {
                    watermark = i.occurredAt();
                }
            }
        }
        return run;
    }

    /** Rounds up to the grid, but never into the future of the accepted range (a grid step at most). */
    static Instant grid(Instant t, long gridMinutes) {
        long step = gridMinutes * 60;
        long s = t.getEpochSecond();
        return Instant.ofEpochSecond(s - Math.floorMod(s, step));
    }

    static Incident incident(String id, int revision, Instant at, Random random) {
        String country = random.nextInt(6) == 0 ? "AF" : "TJ";
        String admin2 = country.equals("AF") ? (random.nextBoolean() ? "Khwahan" : "Unknown Place")
                : DISTRICT_NAMES[random.nextInt(DISTRICT_NAMES.length - 1)];
        if (random.nextInt(12) == 0) {
            admin2 = "PYANJ"; // an alias, in capitals
        }
        List<String> victims = new ArrayList<>();
        for (String v : VICTIMS) {
            if (random.nextInt(4) == 0) {
                victims.add(v);
            }
        }
        String origin = random.nextInt(3) == 0 ? (country.equals("TJ") ? "AF" : "TJ") : null;
        String site = random.nextInt(3) == 0 ? new String[] {"s-gold", "s-road", "s-gin", "s-dam", "s-unknown"}
                [random.nextInt(5)] : null;
        List<String> actors = random.nextBoolean() ? List.of("Group " + random.nextInt(4)) : List.of();
        // Random draws in the same order as ever (admin1, then fatalities): the seeds keep their scenarios.
        IncidentReport r = Reports.report(id).revision(revision).at(at).subEventType("Armed clash").country(country)
                .admin1(random.nextInt(5) == 0 ? "Some Province" : null).admin2(admin2)
                .fatalities(random.nextInt(6)).victims(victims).site(site).origin(origin).actors(actors).build();
        return RESOLVER.enrich(r);
    }

    private static void assertSameMessages(long seeds, int steps, long gridMinutes, int atLeast) {
        int messages = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            DifferentialRun run = run(seed * 7919 + gridMinutes, steps, gridMinutes);
            assertNull(run.firstDifference(), "seed " + seed + ", grid " + gridMinutes + " min: "
                    + run.firstDifference());
            messages += run.actual.size();
        }
        assertTrue(messages >= atLeast, "the histories raise, update and cancel alerts: " + messages);
    }

    @Test
    void shouldSendExactlyTheMessagesOfTheFullListEvaluatorOnRandomHistories() {
        assertSameMessages(60, 260, 1, 20_000);
    }

    @Test
    void shouldAgreeWhereWindowBoundsAreMetExactlyAndTimesTie() {
        assertSameMessages(60, 260, 360, 20_000);
        assertSameMessages(30, 260, 1440, 5_000);
    }

    @Test
    void shouldAgreeOnLongEpisodesWhoseEvidenceOutgrowsTheListedIds() {
        // Reports every few minutes for weeks: episodes of thousands of incidents, cut and merged by late changes.
        assertSameMessages(4, 3000, 1, 10_000);
    }
}
