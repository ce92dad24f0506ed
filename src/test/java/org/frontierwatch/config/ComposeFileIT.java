package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.frontierwatch.testing.JarProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docker-compose.yml validated by Debian's docker-compose (no Docker engine runs here, so it is not started). */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung broker or child process fails the class, not the CI job
class ComposeFileIT {

    @Test
    void shouldBeAValidComposeFileWithTheExpectedServices() throws Exception {
        try (JarProcess check = JarProcess.startCommand(List.of("docker-compose", "-f", "docker-compose.yml", "config",
                "-q"),
                Map.of(), null)) {
            assertEquals(0, check.waitFor(Duration.ofSeconds(60)), check.stderr());
        }
        try (JarProcess services = JarProcess.startCommand(List.of("docker-compose", "-f", "docker-compose.yml",
                "--profile", "producer", "config", "--services"), Map.of(), null)) {
            assertEquals(0, services.waitFor(Duration.ofSeconds(60)), services.stderr());
            assertEquals(List.of("alertmanager", "frontier-watch", "grafana", "init", "kafka", "producer",
                    "prometheus"),
                    services.stdout().lines().sorted().toList());
        }
    }
}
