package org.frontierwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.config.Topics;
import org.frontierwatch.model.ReportRecord;
import org.frontierwatch.reference.ReferenceValidator;
import org.frontierwatch.ruletest.ReportLines;
import org.frontierwatch.serde.Json;
import org.frontierwatch.serde.JsonSerde;

/**
 * Writes a generated scenario as the files {@code run} and {@code backtest} read: consumes a {@link ScenarioGenerator}
 * scenario (or its streamed reports); produces a reference directory (each key's last valid value) and a JSON-lines
 * report file holding the report records a file can carry unchanged (UTF-8 values on one line whose {@code id} is
 * the key; tombstones as {@code {"tombstone": KEY}}). {@link #main} writes the benchmark shape, for one-off
 * backtest measurements: {@code ScenarioFiles REPORTS DIR [SEED]}.
 */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    public static void main(String[] args) throws IOException {
        int reports = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 6L;
        Files.createDirectories(dir);
        ScenarioGenerator.Shape shape = ScenarioGenerator.Shape.benchmark()
                .endingAt(Instant.now().minus(Duration.ofDays(1)));
        int[] written = {0};
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("reports.jsonl"))) {
            Consumer<ScenarioGenerator.Sent> sink = s -> {
                String line = line(s);
                if (line != null) {
                    try {
                        out.write(line);
                        out.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written[0]++;
                }
            };
            ScenarioGenerator.Scenario scenario = ScenarioGenerator.stream(seed, reports, shape, Topics.DEFAULT, sink);
            writeReference(scenario, dir.resolve("reference"));
        }
        System.out.println(dir.resolve("reports.jsonl") + ": " + written[0] + " of " + reports
                + " records; reference in "
                + dir.resolve("reference"));
    }

    /** The scenario's reference data as a reference directory: each key's last valid value. */
    public static void writeReference(ScenarioGenerator.Scenario scenario, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> fileOf = Map.of(Topics.DEFAULT.sites(), "sites.jsonl",
                Topics.DEFAULT.nationalities(), "nationalities.jsonl", Topics.DEFAULT.districts(), "districts.jsonl");
        Map<String, Map<String, String>> latest = new LinkedHashMap<>();
        fileOf.values().forEach(f -> latest.put(f, new LinkedHashMap<>()));
        for (ScenarioGenerator.Sent s : scenario.reference()) {
            String file = fileOf.get(s.topic());
            String key = s.key() == null ? null : utf8(s.key());
            if (file == null || key == null) {
                continue;
            }
            String value = s.value() == null ? null : utf8(s.value());
            latest.get(file).remove(key);
            if (value != null && validReference(file, key, value)) {
                latest.get(file).put(key, value);
            }
        }
        for (Map.Entry<String, Map<String, String>> f : latest.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue().values());
        }
        ReferenceLoader.read(dir); // run and backtest must both accept the directory
    }

    /** Writes the scenario's reports that a JSON-lines file can carry; returns how many. */
    public static int writeReports(ScenarioGenerator.Scenario scenario, Path file) throws IOException {
        int n = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (ScenarioGenerator.Sent s : scenario.reports()) {
                String line = line(s);
                if (line != null) {
                    out.write(line);
                    out.newLine();
                    n++;
                }
            }
        }
        return n;
    }

    /** The JSON line that carries this report record unchanged, or null when a line cannot. */
    static String line(ScenarioGenerator.Sent s) {
        String key = s.key() == null ? null : utf8(s.key());
        if (s.key() != null && key == null) {
            return null;
        }
        if (s.value() == null) {
            return key == null ? null : Json.mapper().createObjectNode().put("tombstone", key).toString();
        }
        String value = utf8(s.value());
        if (value == null || value.isBlank() || value.contains("\n") || value.contains("\r")) {
            return null;
        }
        ReportRecord read = ReportLines.record(value);
        if (read.isTombstone() || !Objects.equals(read.key(), key)
                || !Arrays.equals(s.value(), value.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return value;
    }

    private static boolean validReference(String file, String key, String value) {
        if (value.contains("\n") || value.contains("\r") || value.isBlank()) {
            return false;
        }
        ReferenceLoader.ReferenceFile spec = ReferenceLoader.FILES.stream().filter(f -> f.fileName().equals(file))
                .findFirst().orElseThrow();
        try {
            JsonNode node = Json.mapper().readTree(value);
            Object read = new JsonSerde<>(spec.type()).deserializer().deserialize("",
                    value.getBytes(StandardCharsets.UTF_8));
            return node.isObject() && key.equals(node.path(spec.idField()).textValue())
                    && ReferenceValidator.problem(key, read) == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The bytes as UTF-8 text, or null when they are not well-formed UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
