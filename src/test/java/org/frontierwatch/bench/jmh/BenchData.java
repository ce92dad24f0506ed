package org.frontierwatch.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.frontierwatch.alert.AlertFactory;
import org.frontierwatch.alert.GroupEvaluator;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.Alert;
import org.frontierwatch.model.District;
import org.frontierwatch.model.GroupChange;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.reference.DistrictResolver;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.serde.Json;
import org.frontierwatch.state.EntryKey;
import org.frontierwatch.state.EpisodeRef;
import org.frontierwatch.state.EpisodeSummary;
import org.frontierwatch.state.GroupSummary;
import org.frontierwatch.state.IncidentEntry;
import org.frontierwatch.testing.Fixtures;
import org.frontierwatch.testing.InMemoryGroupStore;
import org.frontierwatch.testing.MapReferenceData;
import org.frontierwatch.testing.ScenarioGenerator;
import org.frontierwatch.validation.ReportParser;
import org.frontierwatch.validation.ValidationPolicy;

/** Reference data and reports at the benchmark's scale, built once per JVM for all the hot-path benchmarks. */
final class BenchData {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final ReportParser PARSER = new ReportParser(ValidationPolicy.DEFAULT);
    static final MapReferenceData REF = new MapReferenceData();
    static final List<byte[]> REPORT_BYTES = new ArrayList<>();
    static final List<IncidentReport> REPORTS = new ArrayList<>();

    static {
        Topics topics = Fixtures.defaultConfig().topics();
        ScenarioGenerator.Scenario scenario = ScenarioGenerator.stream(6, 2_000, ScenarioGenerator.Shape.benchmark(),
                topics, s -> {
                    if (s.key() != null && s.value() != null) {
                        REPORT_BYTES.add(s.value());
                    }
                });
        for (ScenarioGenerator.Sent s : scenario.reference()) {
            try {
                if (s.topic().equals(topics.sites())) {
                    REF.site(Json.mapper().readValue(s.value(), Site.class));
                } else if (s.topic().equals(topics.districts())) {
                    District d = Json.mapper().readValue(s.value(), District.class);
                    if (d.name() != null && d.districtId().equals(new String(s.key(), StandardCharsets.UTF_8))) {
                        REF.district(d); // the processor rejects the rest
                    }
                } else {
                    REF.nationality(Json.mapper().readValue(s.value(), Nationality.class));
                }
            } catch (Exception poison) {
                // the generator's poison reference records: not stored, as in the processor
            }
        }
        List<byte[]> valid = new ArrayList<>();
        for (byte[] b : REPORT_BYTES) {
            try {
                REPORTS.add(PARSER.parse(b, NOW));
                valid.add(b);
            } catch (Exception poison) {
                // dead-lettered in the processor; the parse benchmark times valid reports only
            }
        }
        REPORT_BYTES.clear();
        REPORT_BYTES.addAll(valid);
    }

    private BenchData() {
    }

    /** A busy district's district-fatalities group after 2,000 incidents 17 minutes apart, as the store holds it. */
    record BusyGroup(Rule rule, String district, InMemoryGroupStore store, GroupSummary summary, EpisodeSummary episode,
                     IncidentEntry lastEntry, Incident lastIncident, Alert lastAlert) {
    }

    static BusyGroup busyGroup() throws Exception {
        Rule rule = Fixtures.defaultRules().stream().filter(r -> r.id().equals("district-fatalities")).findFirst()
                .orElseThrow();
        GroupEvaluator evaluator = new GroupEvaluator(new AlertFactory(REF, code -> { }), Duration.ofDays(7));
        InMemoryGroupStore store = new InMemoryGroupStore();
        DistrictResolver resolver = new DistrictResolver(REF);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String district = null;
        Alert last = null;
        Incident incident = null;
        for (int n = 0; n < 2_000; n++) {
            Instant at = start.plus(Duration.ofMinutes(17L * n));
            String json = "{\"id\":\"TJK-2026-" + (100_000 + n) + "\",\"occurred_at\":\"" + at + "\",\"event_type\":"
                    + "\"Battles\",\"sub_event_type\":\"Armed clash\",\"country\":\"TJ\",\"admin2\":\"Gen TJ District "
                            + "1\","
                    + "\"fatalities\":" + (1 + n % 3) + ",\"victim_nationalities\":[\"CN\"],\"origin_country\":\"AF\","
                    + "\"actors\":[\"Group 1\"]}";
            incident = resolver.enrich(PARSER.parse(json.getBytes(StandardCharsets.UTF_8), NOW).forEvaluation());
            district = incident.districtId();
            List<Alert> sent = evaluator.apply(rule, store, new GroupChange(rule.id(), district,
                    Map.of("district", district), incident.id(), null, incident, 0L), at, NOW).alerts();
            if (!sent.isEmpty()) {
                last = sent.get(sent.size() - 1);
            }
        }
        String group = rule.id() + "/" + district;
        GroupSummary summary = store.summary(group);
        EpisodeRef ref = summary.episodes().get(summary.episodes().size() - 1);
        return new BusyGroup(rule, district, store, summary, store.episode(group, ref.start()),
                store.entry(group, EntryKey.of(incident.occurredAt(), incident.id())), incident, last);
    }
}
