package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.frontierwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static AppConfig load(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return AppConfig.fromProperties("app.properties", p, Fixtures.RULES);
    }

    private static void assertError(Map<String, String> values, String key) {
        String m = assertThrows(ConfigException.class, () -> load(values)).getMessage();
        assertTrue(m.startsWith("app.properties: " + key), m);
    }

    @Test
    void shouldUseDefaultsAndPassKafkaSettingsThrough() {
        AppConfig c = load(Map.of("security.protocol", "SASL_PLAINTEXT", "frontier.window.grace", "P10D",
                "frontier.topic.alerts", "my-alerts"));
        assertEquals(Duration.ofDays(10), c.grace());
        assertEquals("my-alerts", c.topics().alerts());
        assertEquals("incident-reports", c.topics().incidentReports());
        assertEquals("SASL_PLAINTEXT", c.kafka().getProperty("security.protocol"));
        assertEquals(null, c.kafka().getProperty("frontier.window.grace"));
        assertEquals(5, c.rules().size());
    }

    @Test
    void shouldNameTheFileAndKeyOfEveryBadSetting() {
        assertError(Map.of("frontier.windw.grace", "P1D"), "frontier.windw.grace");
        assertError(Map.of("frontier.window.grace", "7 days"), "frontier.window.grace");
        assertError(Map.of("frontier.cap.status", "Real"), "frontier.cap.status");
        assertError(Map.of("frontier.topic.alerts", "bad topic!"), "frontier.topic.alerts");
        assertError(Map.of("frontier.cap.sender", "frontier watch"), "frontier.cap.sender");
        assertError(Map.of("frontier.topic.alerts", "sites"), "frontier.topic.*");
        assertError(Map.of("frontier.validation.earliest-occurred-at", "1990"),
                "frontier.validation.earliest-occurred-at");
    }
}
