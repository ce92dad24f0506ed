package org.frontierwatch.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.District;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.Nationality;
import org.frontierwatch.model.Site;
import org.frontierwatch.serde.Json;
import org.frontierwatch.testing.Fixtures;
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
}
