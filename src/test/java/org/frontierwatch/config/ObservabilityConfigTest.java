package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped Grafana provisioning and dashboard agree with each other. */
class ObservabilityConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldUseTheProvisionedDatasourceUidInEveryPanelAndTarget() throws Exception {
        JsonNode datasources = YAML.readTree(Path.of("config/grafana/provisioning/datasources/prometheus.yml")
                .toFile());
        String uid = datasources.path("datasources").get(0).path("uid").asText();
        assertFalse(uid.isBlank(), "the datasource has an explicit uid");
        JsonNode dashboard = JSON.readTree(Path.of("config/grafana/dashboards/frontier-watch.json").toFile());
        JsonNode alertmanager = YAML.readTree(Path.of("config/grafana/provisioning/datasources/alertmanager.yml")
                .toFile())
                .path("datasources").get(0);
        assertEquals("alertmanager", alertmanager.path("type").asText());
        String amUid = alertmanager.path("uid").asText();
        List<String> wrong = new ArrayList<>();
        int targets = 0;
        int alertGroups = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (panel.path("type").asText().equals("alertGroups")) {
                // Grafana's "Alert groups" panel reads Alertmanager, not Prometheus; it has no targets.
                alertGroups++;
                if (!amUid.equals(panel.path("datasource").path("uid").asText())
                        || !amUid.equals(panel.path("options").path("alertmanager").asText())) {
                    wrong.add(panel.path("title").asText());
                }
                continue;
            }
            if (!uid.equals(panel.path("datasource").path("uid").asText())) {
                wrong.add(panel.path("title").asText());
            }
            for (JsonNode target : panel.path("targets")) {
                targets++;
                if (!uid.equals(target.path("datasource").path("uid").asText())
                        || target.path("expr").asText().isBlank()) {
                    wrong.add(panel.path("title").asText() + " / " + target.path("refId").asText());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!uid.equals(variable.path("datasource").path("uid").asText())) {
                wrong.add("variable " + variable.path("name").asText());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(targets >= 20, "targets: " + targets);
        assertEquals(1, alertGroups, "the Alert groups panel showing the active advisories");
    }

    @Test
    void shouldProvisionTheDashboardFolderTheComposeStackMounts() throws Exception {
        JsonNode providers = YAML.readTree(Path.of("config/grafana/provisioning/dashboards/frontier-watch.yml")
                .toFile());
        assertEquals("/var/lib/grafana/dashboards", providers.path("providers").get(0).path("options").path("path")
                .asText());
        String compose = Files.readString(Path.of("docker-compose.yml"));
        assertTrue(compose.contains("./config/grafana/dashboards:/var/lib/grafana/dashboards"), compose);
        assertTrue(compose.contains("./config/grafana/provisioning:/etc/grafana/provisioning"), compose);
    }
}
