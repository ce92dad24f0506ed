package org.frontierwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.frontierwatch.alert.AlertCadence;
import org.frontierwatch.alert.CapSettings;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
import org.frontierwatch.rules.Rule;
import org.frontierwatch.validation.ValidationPolicy;

/**
 * Frontier Watch's settings: topic names, time limits, CAP envelope and rules, read from a Java properties file
 * (keys starting {@code frontier.}); every other key is a Kafka Streams / client setting and passes through
 * unchanged (e.g. {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.jaas.config}). Its length is
 * one parse-and-check per {@code frontier.} key, each error naming the file, the key and the problem.
 */
public record AppConfig(
        Topics topics,
        Duration grace,
        ValidationPolicy validation,
        CapSettings cap,
        List<Rule> rules,
        Properties kafka,
        long rocksDbMemoryBytes,
        AlertmanagerSettings alertmanager,
        String apiToken,
        AlertCadence cadence) {

    public static final String PREFIX = "frontier.";
    public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

    static final Set<String> KEYS = new TreeSet<>(List.of(
            "frontier.topic.incident-reports", "frontier.topic.sites", "frontier.topic.nationalities",
            "frontier.topic.districts", "frontier.topic.alerts", "frontier.topic.alerts-cap",
            "frontier.topic.dead-letter", "frontier.topic.acknowledgements", "frontier.topic.rules",
            "frontier.rules.file",
            "frontier.window.grace",
            "frontier.validation.clock-skew", "frontier.validation.earliest-occurred-at",
            "frontier.cap.sender", "frontier.cap.sender-name", "frontier.cap.status", "frontier.cap.scope",
            "frontier.cap.language", "frontier.cap.site-radius-km", "frontier.state.rocksdb-memory-mb",
            "frontier.alertmanager.urls", "frontier.alertmanager.resend-interval", "frontier.alertmanager.timeout",
            "frontier.api.token", "frontier.alerts.update-interval", "frontier.alerts.all-clear-expires-after"));
    /** Every {@code frontier.} key the loader reads; any other key with that prefix is refused as unknown. */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(KEYS);
    }

    /** Shortest API token accepted: a guessable token protects nothing. */
    public static final int MIN_API_TOKEN_LENGTH = 16;
    /** Default bound of all RocksDB stores' off-heap memory (block cache, index and filters, memtables). */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L << 20;

    /** Defaults with the given rules; used by tests and as the base of every loaded configuration. */
    public static AppConfig defaults(List<Rule> rules) {
        return new AppConfig(Topics.DEFAULT, DEFAULT_GRACE, ValidationPolicy.DEFAULT, CapSettings.DEFAULT, rules,
                new Properties(), DEFAULT_ROCKSDB_MEMORY_BYTES, AlertmanagerSettings.NONE, null, AlertCadence.DEFAULT);
    }

    /** Reads a properties file; the rules file it names (default {@code config/rules.yaml}) is loaded too. */
    public static AppConfig load(Path propertiesFile) {
        Properties p = new Properties();
        String file = propertiesFile.toString();
        if (!Files.isRegularFile(propertiesFile)) {
            throw new ConfigException(file, "(file)", "configuration file not found");
        }
        try (Reader r = Files.newBufferedReader(propertiesFile)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file, "(file)", "cannot read properties: " + e.getMessage(), e);
        }
        return fromProperties(file, p, null);
    }

    /**
     * Builds the configuration from properties; {@code rulesOverride}, when not null, replaces the rules file the
     * properties name. {@code source} names where the properties came from, for error messages.
     */
    public static AppConfig fromProperties(String source, Properties p, Path rulesOverride) {
        Properties kafka = new Properties();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                if (!KEYS.contains(key)) {
                    throw new ConfigException(source, key, "unknown setting; known: " + KEYS);
                }
            } else {
                kafka.setProperty(key, p.getProperty(key));
            }
        }
        Topics d = Topics.DEFAULT;
        Topics topics = new Topics(
                topic(source, p, "incident-reports", d.incidentReports()), topic(source, p, "sites", d.sites()),
                topic(source, p, "nationalities", d.nationalities()), topic(source, p, "districts", d.districts()),
                topic(source, p, "alerts", d.alerts()), topic(source, p, "alerts-cap", d.alertsCap()),
                topic(source, p, "dead-letter", d.deadLetter()),
                topic(source, p, "acknowledgements", d.acknowledgements()), topic(source, p, "rules", d.rules()));
        if (new HashSet<>(List.of(topics.incidentReports(), topics.sites(), topics.nationalities(),
                topics.districts(), topics.alerts(), topics.alertsCap(), topics.deadLetter(),
                topics.acknowledgements(), topics.rules())).size() != 9) {
            throw new ConfigException(source, "frontier.topic.*", "every topic needs its own name: " + topics);
        }
        Duration grace = duration(source, p, "frontier.window.grace", DEFAULT_GRACE);
        Instant earliest = instant(source, p, "frontier.validation.earliest-occurred-at",
                ValidationPolicy.DEFAULT.earliestOccurredAt());
        if (earliest.isBefore(EARLIEST_SUPPORTED)) {
            // Rule-group state orders incidents by occurred_at in nanoseconds since 1970 in a long (1677-2262).
            throw new ConfigException(source, "frontier.validation.earliest-occurred-at", "'" + earliest
                    + "' is before " + EARLIEST_SUPPORTED + ", the earliest event time Frontier Watch can order");
        }
        ValidationPolicy v = new ValidationPolicy(
                duration(source, p, "frontier.validation.clock-skew", ValidationPolicy.DEFAULT.clockSkew()), earliest);
        CapSettings c = CapSettings.DEFAULT;
        String status = oneOf(source, p, "frontier.cap.status", c.status(),
                Set.of("Actual", "Exercise", "System", "Test", "Draft"));
        String scope = oneOf(source, p, "frontier.cap.scope", c.scope(), Set.of("Public", "Restricted", "Private"));
        String sender = p.getProperty("frontier.cap.sender", c.sender()).trim();
        if (sender.isEmpty() || sender.matches(".*[\\s,<&].*")) {
            throw new ConfigException(source, "frontier.cap.sender", "'" + sender
                    + "' must be non-empty without spaces, commas, '<' or '&' (CAP 1.2 sender)");
        }
        double radius;
        try {
            radius = Double.parseDouble(p.getProperty("frontier.cap.site-radius-km",
                    Double.toString(c.siteRadiusKm())));
        } catch (NumberFormatException e) {
            throw new ConfigException(source, "frontier.cap.site-radius-km", "must be a number");
        }
        if (!(radius > 0)) {
            throw new ConfigException(source, "frontier.cap.site-radius-km", "must be positive");
        }
        CapSettings cap = new CapSettings(sender, p.getProperty("frontier.cap.sender-name", c.senderName()),
                status, scope, p.getProperty("frontier.cap.language", c.language()), radius);
        Path rulesFile = rulesFile(p, rulesOverride);
        long rocksDbMemoryMb;
        try {
            rocksDbMemoryMb = Long.parseLong(p.getProperty("frontier.state.rocksdb-memory-mb",
                    Long.toString(DEFAULT_ROCKSDB_MEMORY_BYTES >> 20)).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(source, "frontier.state.rocksdb-memory-mb", "must be a whole number of MiB");
        }
        if (rocksDbMemoryMb < 16 || rocksDbMemoryMb > (1L << 20)) {
            throw new ConfigException(source, "frontier.state.rocksdb-memory-mb",
                    "must be between 16 and 1048576 MiB, was "
                    + rocksDbMemoryMb);
        }
        AlertmanagerSettings alertmanager = alertmanager(source, p);
        String token = apiToken(source, "frontier.api.token", p.getProperty("frontier.api.token"));
        return new AppConfig(topics, grace, v, cap, RulesLoader.load(rulesFile), kafka, rocksDbMemoryMb << 20,
                alertmanager, token, cadence(source, p));
    }

    private static AlertCadence cadence(String source, Properties p) {
        Duration interval = duration(source, p, "frontier.alerts.update-interval",
                AlertCadence.DEFAULT_UPDATE_INTERVAL);
        Duration allClear = duration(source, p, "frontier.alerts.all-clear-expires-after",
                AlertCadence.DEFAULT_ALL_CLEAR_EXPIRES_AFTER);
        if (allClear.isZero()) {
            throw new ConfigException(source, "frontier.alerts.all-clear-expires-after", "must be positive");
        }
        return new AlertCadence(interval, allClear);
    }

    /** Null or blank: no token (open API); otherwise at least {@link #MIN_API_TOKEN_LENGTH} characters, no spaces. */
    public static String apiToken(String source, String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String t = value.strip();
        if (t.length() < MIN_API_TOKEN_LENGTH || t.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(source, key, "must be at least " + MIN_API_TOKEN_LENGTH
                    + " characters without spaces (e.g. openssl rand -hex 32), was " + t.length() + " characters");
        }
        return t;
    }

    private static AlertmanagerSettings alertmanager(String source, Properties p) {
        List<URI> urls;
        try {
            urls = AlertmanagerSettings.parseUrls(p.getProperty("frontier.alertmanager.urls", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, "frontier.alertmanager.urls", e.getMessage());
        }
        Duration resend = duration(source, p, "frontier.alertmanager.resend-interval",
                AlertmanagerSettings.DEFAULT_RESEND_INTERVAL);
        if (resend.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(source, "frontier.alertmanager.resend-interval", "must be at least PT1S");
        }
        Duration timeout = duration(source, p, "frontier.alertmanager.timeout", AlertmanagerSettings.DEFAULT_TIMEOUT);
        if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ConfigException(source, "frontier.alertmanager.timeout", "must be at least PT0.1S");
        }
        return new AlertmanagerSettings(urls, resend, timeout);
    }

    /** The rules file named by {@code rulesOverride}, else by {@code frontier.rules.file}, else config/rules.yaml. */
    public static Path rulesFile(Properties p, Path rulesOverride) {
        return rulesOverride != null ? rulesOverride : Path.of(p.getProperty("frontier.rules.file",
                "config/rules.yaml"));
    }

    public AppConfig withRules(List<Rule> newRules) {
        return new AppConfig(topics, grace, validation, cap, newRules, kafka, rocksDbMemoryBytes, alertmanager,
                apiToken, cadence);
    }

    public AppConfig withAlertmanagerUrls(List<URI> urls) {
        return new AppConfig(topics, grace, validation, cap, rules, kafka, rocksDbMemoryBytes,
                alertmanager.withUrls(urls), apiToken, cadence);
    }

    public AppConfig withApiToken(String token) {
        return new AppConfig(topics, grace, validation, cap, rules, kafka, rocksDbMemoryBytes, alertmanager, token,
                cadence);
    }

    public AppConfig withKafka(Map<String, String> overrides) {
        Properties merged = new Properties();
        merged.putAll(kafka);
        merged.putAll(overrides);
        return new AppConfig(topics, grace, validation, cap, rules, merged, rocksDbMemoryBytes, alertmanager, apiToken,
                cadence);
    }

    public AppConfig withCadence(AlertCadence newCadence) {
        return new AppConfig(topics, grace, validation, cap, rules, kafka, rocksDbMemoryBytes, alertmanager, apiToken,
                newCadence);
    }

    private static String topic(String source, Properties p, String name, String def) {
        String key = "frontier.topic." + name;
        String value = p.getProperty(key, def).trim();
        if (!value.matches("[a-zA-Z0-9._-]{1,249}") || value.equals(".") || value.equals("..")) {
            throw new ConfigException(source, key, "'" + value + "' is not a legal Kafka topic name");
        }
        return value;
    }

    private static Duration duration(String source, Properties p, String key, Duration def) {
        String value = p.getProperty(key);
        if (value == null) {
            return def;
        }
        try {
            Duration d = Duration.parse(value.trim());
            if (d.isNegative()) {
                throw new ConfigException(source, key, "must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigException(source, key, "'" + value + "' is not an ISO-8601 duration such as P7D or PT10M");
        }
    }

    /** Event times are kept as nanoseconds since the epoch in a long: 1677-09-21 to 2262-04-11. */
    static final Instant EARLIEST_SUPPORTED = Instant.parse("1678-01-01T00:00:00Z");

    private static Instant instant(String source, Properties p, String key, Instant def) {
        String value = p.getProperty(key);
        if (value == null) {
            return def;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(source, key, "'" + value
                    + "' is not an ISO-8601 instant such as 1990-01-01T00:00:00Z");
        }
    }

    private static String oneOf(String source, Properties p, String key, String def, Set<String> allowed) {
        String value = p.getProperty(key, def).trim();
        if (!allowed.contains(value)) {
            throw new ConfigException(source, key, "'" + value + "' is not one of " + new TreeSet<>(allowed));
        }
        return value;
    }
}
