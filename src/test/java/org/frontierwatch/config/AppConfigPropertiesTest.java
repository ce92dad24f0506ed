package org.frontierwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.CapSettings;
import org.frontierwatch.validation.ValidationPolicy;
import org.junit.jupiter.api.Test;

/** AppConfig.fromProperties: defaults, Kafka pass-through, and a ConfigException naming source and key. */
class AppConfigPropertiesTest {

    private static final String SOURCE = "/etc/frontier/prod.properties";
    private static final Path RULES = Path.of("config/rules.yaml");

    private static AppConfig load(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return AppConfig.fromProperties(SOURCE, p, RULES);
    }

    private static String errorFor(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> load(values)).getMessage();
    }

    private static void assertNamesSourceAndKey(Map<String, String> values, String key, String... problem) {
        String m = errorFor(values);
        assertTrue(m.startsWith(SOURCE + ": "), "source first: " + m);
        assertTrue(m.contains(key), "key '" + key + "' missing: " + m);
        for (String p : problem) {
            assertTrue(m.contains(p), "'" + p + "' missing: " + m);
        }
    }

    @Test
    void shouldUseTheDefaultsWhenNothingIsSet() {
        AppConfig c = load(Map.of());
        assertEquals(Topics.DEFAULT, c.topics());
        assertEquals(Duration.ofDays(7), c.grace());
        assertEquals(ValidationPolicy.DEFAULT, c.validation());
        assertEquals(CapSettings.DEFAULT, c.cap());
        assertEquals(5, c.rules().size());
        assertTrue(c.kafka().isEmpty(), c.kafka().toString());
        assertEquals(AlertCadence.DEFAULT, c.cadence());
        assertEquals(Duration.ofHours(6), c.cadence().defaultUpdateInterval());
    }

    @Test
    void shouldReadTheAlertCadence() {
        AppConfig c = load(Map.of("frontier.alerts.update-interval", "PT0S",
                "frontier.alerts.all-clear-expires-after", "PT12H"));
        assertEquals(Duration.ZERO, c.cadence().defaultUpdateInterval());
        assertEquals(Duration.ofHours(12), c.cadence().allClearExpiresAfter());
    }

    @Test
    void shouldRejectABadAlertCadence() {
        assertNamesSourceAndKey(Map.of("frontier.alerts.update-interval", "6h"), "frontier.alerts.update-interval",
                "'6h'");
        assertNamesSourceAndKey(Map.of("frontier.alerts.update-interval", "-PT1H"),
                "frontier.alerts.update-interval", "negative");
        assertNamesSourceAndKey(Map.of("frontier.alerts.all-clear-expires-after", "PT0S"),
                "frontier.alerts.all-clear-expires-after", "must be positive");
    }

    @Test
    void shouldReadEveryFrontierSetting() {
        AppConfig c = load(Map.of("frontier.window.grace", "PT36H", "frontier.validation.clock-skew", "PT2M",
                "frontier.validation.earliest-occurred-at", "2000-01-01T00:00:00Z", "frontier.cap.sender",
                        "ops.example.org",
                "frontier.cap.status", "Exercise", "frontier.cap.scope", "Restricted", "frontier.cap.site-radius-km",
                        "2.5",
                "frontier.topic.dead-letter", "reports.dlq"));
        assertEquals(Duration.ofHours(36), c.grace());
        assertEquals(Duration.ofMinutes(2), c.validation().clockSkew());
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), c.validation().earliestOccurredAt());
        assertEquals("ops.example.org", c.cap().sender());
        assertEquals("Exercise", c.cap().status());
        assertEquals("Restricted", c.cap().scope());
        assertEquals(2.5, c.cap().siteRadiusKm());
        assertEquals("reports.dlq", c.topics().deadLetter());
        assertEquals("incident-reports", c.topics().incidentReports());
    }

    @Test
    void shouldPassEveryNonFrontierKeyThroughToKafkaUnchanged() {
        AppConfig c = load(Map.of("bootstrap.servers", "kafka-1:9092,kafka-2:9092", "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\";",
                "num.stream.threads", "4", "frontier.window.grace", "P1D"));
        assertEquals(Set.of("bootstrap.servers", "security.protocol", "sasl.jaas.config", "num.stream.threads"),
                c.kafka().stringPropertyNames());
        assertEquals("kafka-1:9092,kafka-2:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\";",
                c.kafka().getProperty("sasl.jaas.config"));
        assertNull(c.kafka().getProperty("frontier.window.grace"));
    }

    @Test
    void shouldRejectAnUnknownFrontierKey() {
        assertNamesSourceAndKey(Map.of("frontier.x", "1"), "frontier.x", "unknown");
        assertNamesSourceAndKey(Map.of("frontier.window.grase", "P1D"), "frontier.window.grase", "unknown");
    }

    @Test
    void shouldRejectABadGraceDuration() {
        assertNamesSourceAndKey(Map.of("frontier.window.grace", "7 days"), "frontier.window.grace", "'7 days'");
        assertNamesSourceAndKey(Map.of("frontier.window.grace", "-P1D"), "frontier.window.grace", "negative");
    }

    @Test
    void shouldRejectAnEarliestOccurredAtBeforeTheEventTimesTheStateCanOrder() {
        assertNamesSourceAndKey(Map.of("frontier.validation.earliest-occurred-at", "1500-01-01T00:00:00Z"),
                "frontier.validation.earliest-occurred-at", "'1500-01-01T00:00:00Z'", "before 1678");
    }

    @Test
    void shouldRejectABadCapStatus() {
        assertNamesSourceAndKey(Map.of("frontier.cap.status", "Real"), "frontier.cap.status", "'Real'", "Actual");
        assertNamesSourceAndKey(Map.of("frontier.cap.status", "actual"), "frontier.cap.status", "'actual'");
    }

    @Test
    void shouldRejectAnIllegalTopicName() {
        assertNamesSourceAndKey(Map.of("frontier.topic.alerts", "bad topic!"), "frontier.topic.alerts", "'bad topic!'");
        assertNamesSourceAndKey(Map.of("frontier.topic.sites", "sites/v2"), "frontier.topic.sites");
        assertNamesSourceAndKey(Map.of("frontier.topic.districts", ""), "frontier.topic.districts");
        assertNamesSourceAndKey(Map.of("frontier.topic.districts", "d".repeat(250)), "frontier.topic.districts");
    }

    /** Whatever Kafka itself refuses as a topic name ("." and ".." included) must fail at configuration time. */
    @Test
    void shouldRejectExactlyTheTopicNamesKafkaRejects() {
        List<String> disagreements = new ArrayList<>();
        for (String name : List.of(".", "..", "...", "a.b_c-d", "d".repeat(249), "d".repeat(250), "bad topic", "ü")) {
            boolean kafkaAccepts;
            try {
                Topic.validate(name);
                kafkaAccepts = true;
            } catch (InvalidTopicException e) {
                kafkaAccepts = false;
            }
            boolean weAccept;
            try {
                load(Map.of("frontier.topic.alerts-cap", name));
                weAccept = true;
            } catch (ConfigException e) {
                weAccept = false;
                assertTrue(e.getMessage().startsWith(SOURCE + ": frontier.topic.alerts-cap"), e.getMessage());
            }
            if (kafkaAccepts != weAccept) {
                disagreements.add("'" + name + "': Kafka " + (kafkaAccepts ? "accepts" : "rejects") + ", AppConfig "
                        + (weAccept ? "accepts" : "rejects"));
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void shouldRejectACapSenderWithASpace() {
        assertNamesSourceAndKey(Map.of("frontier.cap.sender", "frontier watch"), "frontier.cap.sender",
                "'frontier watch'");
        assertNamesSourceAndKey(Map.of("frontier.cap.sender", "a,b"), "frontier.cap.sender");
        assertNamesSourceAndKey(Map.of("frontier.cap.sender", "  "), "frontier.cap.sender");
    }

    @Test
    void shouldRejectTwoTopicsWithTheSameName() {
        assertNamesSourceAndKey(Map.of("frontier.topic.alerts", "sites"), "frontier.topic.", "own name", "sites");
        assertNamesSourceAndKey(Map.of("frontier.topic.alerts", "shared", "frontier.topic.alerts-cap", "shared"),
                "frontier.topic.", "own name", "shared");
    }

    @Test
    void shouldRejectABadSiteRadiusAndEarliestInstant() {
        assertNamesSourceAndKey(Map.of("frontier.cap.site-radius-km", "ten"), "frontier.cap.site-radius-km");
        assertNamesSourceAndKey(Map.of("frontier.cap.site-radius-km", "0"), "frontier.cap.site-radius-km", "positive");
        assertNamesSourceAndKey(Map.of("frontier.validation.earliest-occurred-at", "1990"),
                "frontier.validation.earliest-occurred-at", "'1990'");
    }

    @Test
    void shouldBoundRocksDbMemoryAt128MiBUnlessToldAndRejectNonsense() {
        assertEquals(128L << 20, load(Map.of()).rocksDbMemoryBytes());
        assertEquals(512L << 20, load(Map.of("frontier.state.rocksdb-memory-mb", "512")).rocksDbMemoryBytes());
        assertNamesSourceAndKey(Map.of("frontier.state.rocksdb-memory-mb", "lots"), "frontier.state.rocksdb-memory-mb",
                "whole number");
        assertNamesSourceAndKey(Map.of("frontier.state.rocksdb-memory-mb", "8"), "frontier.state.rocksdb-memory-mb",
                "between 16");
    }

    @Test
    void shouldReadAlertmanagerSettingsAndDefaultToNoBridge() {
        AppConfig none = load(Map.of());
        assertTrue(!none.alertmanager().enabled(), "no URL, no bridge");
        assertEquals(Duration.ofMinutes(1), none.alertmanager().resendInterval());
        assertEquals(Duration.ofMinutes(4), none.alertmanager().firingHorizon());
        AppConfig c = load(Map.of("frontier.alertmanager.urls", "http://am-0:9093, http://am-1:9093",
                "frontier.alertmanager.resend-interval", "PT30S", "frontier.alertmanager.timeout", "PT3S"));
        assertEquals(List.of(URI.create("http://am-0:9093"), URI.create("http://am-1:9093")),
                c.alertmanager().urls());
        assertEquals(Duration.ofSeconds(30), c.alertmanager().resendInterval());
        assertEquals(Duration.ofSeconds(3), c.alertmanager().timeout());
    }

    @Test
    void shouldNameTheAlertmanagerKeyThatIsWrong() {
        assertNamesSourceAndKey(Map.of("frontier.alertmanager.urls", "am-0:9093"), "frontier.alertmanager.urls",
                "'am-0:9093' is not an http:// or https:// URL");
        assertNamesSourceAndKey(Map.of("frontier.alertmanager.resend-interval", "PT0.5S"),
                "frontier.alertmanager.resend-interval", "at least PT1S");
        assertNamesSourceAndKey(Map.of("frontier.alertmanager.resend-interval", "1m"),
                "frontier.alertmanager.resend-interval", "not an ISO-8601 duration");
        assertNamesSourceAndKey(Map.of("frontier.alertmanager.timeout", "PT0S"), "frontier.alertmanager.timeout",
                "at least PT0.1S");
    }

    @Test
    void shouldTakeAnApiTokenOfSixteenCharactersOrMoreAndRefuseAWeakOne() {
        assertNull(load(Map.of()).apiToken(), "no token: the API is open (and bound to loopback)");
        assertNull(load(Map.of("frontier.api.token", "  ")).apiToken());
        assertEquals("0123456789abcdef0123", load(Map.of("frontier.api.token", " 0123456789abcdef0123 ")).apiToken());
        assertNamesSourceAndKey(Map.of("frontier.api.token", "secret"), "frontier.api.token",
                "at least 16 characters", "was 6 characters");
        assertNamesSourceAndKey(Map.of("frontier.api.token", "0123456789 abcdef0123"), "frontier.api.token",
                "without spaces");
    }
}
