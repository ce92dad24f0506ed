package org.frontierwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.frontierwatch.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference files meet the same rules as records on the reference topics, before anything is sent. */
class ReferenceLoaderTest {

    @TempDir
    Path dir;

    private ReferenceLoader.ReferenceFile spec(String fileName) {
        return ReferenceLoader.FILES.stream().filter(f -> f.fileName().equals(fileName)).findFirst().orElseThrow();
    }

    private String problem(String fileName, String... lines) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, List.of(lines));
        return assertThrows(ConfigException.class, () -> ReferenceLoader.readFile(file, spec(fileName))).getMessage();
    }

    @Test
    void shouldReadValidFilesInFileOrder() throws IOException {
        Path file = dir.resolve("sites.jsonl");
        Files.write(file, List.of("{\"site_id\":\"b\",\"country\":\"TJ\"}", "# comment",
                "{\"site_id\":\"a\",\"country\":\"TJ\",\"workers\":{\"CN\":3}}"));
        assertEquals(List.of("b", "a"), List.copyOf(ReferenceLoader.readFile(file, spec("sites.jsonl")).keySet()));
    }

    @Test
    void shouldRejectARecordTheUpdaterWouldDeadLetter() throws IOException {
        String negative = problem("sites.jsonl", "{\"site_id\":\"s\",\"country\":\"TJ\",\"workers\":{\"CN\":-1}}");
        assertTrue(negative.contains("line 1") && negative.contains("workers headcounts must be non-negative"),
                negative);
        String nameless = problem("districts.jsonl", "{\"district_id\":\"d\",\"country\":\"TJ\"}");
        assertTrue(nameless.contains("country and name are required"), nameless);
    }

    @Test
    void shouldKeepItsOwnChecksOfTheIdField() throws IOException {
        assertTrue(problem("nationalities.jsonl", "{\"code\":7}").contains("missing or not a string"));
        String duplicate = problem("nationalities.jsonl", "{\"code\":\"CN\"}", "{\"code\":\"CN\"}");
        assertTrue(duplicate.contains("duplicate id 'CN'"), duplicate);
    }
}
