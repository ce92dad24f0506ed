package org.frontierwatch.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.frontierwatch.config.AppConfig;
import org.frontierwatch.config.ConfigException;

/**
 * Kafka client settings from the three places an operator can give them, later ones winning: the properties file
 * ({@code --config}, every key not starting {@code frontier.}), environment variables {@code FW_KAFKA_<KEY>} (upper
 * case, dots as underscores: {@code FW_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}), and
 * {@code --bootstrap-server}.
 */
final class ClientSettings {

    static final String ENV_PREFIX = "FW_KAFKA_";
    /** Where the client commands look for Kafka when nothing names it. */
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    private ClientSettings() {
    }

    /** All properties of a file, or empty properties when {@code file} is null. */
    static Properties readFile(Path file) {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "(file)", "configuration file not found");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file.toString(), "(file)", "cannot read properties: " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * The application configuration: the properties file (if any) with {@code FW_KAFKA_*} variables layered on top,
     * and {@code rules} (when not null) replacing the rules file the properties name.
     */
    static AppConfig appConfig(Path configFile, Path rules, Map<String, String> env) {
        Properties p = readFile(configFile);
        p.putAll(fromEnvironment(env));
        return AppConfig.fromProperties(configFile == null ? "(defaults)" : configFile.toString(),
                p, rules);
    }

    /** The rules file {@link #appConfig} reads: {@code rules} when given, else the properties' file or default. */
    static Path rulesFile(Path configFile, Path rules, Map<String, String> env) {
        Properties p = readFile(configFile);
        p.putAll(fromEnvironment(env));
        return AppConfig.rulesFile(p, rules);
    }

    /** Kafka settings from {@code FW_KAFKA_*} environment variables. */
    static Properties fromEnvironment(Map<String, String> env) {
        Properties p = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                p.setProperty(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return p;
    }

    /**
     * Client properties for producers, consumers and admin clients: the file's Kafka keys, then {@code FW_KAFKA_*}
     * variables, then {@code bootstrap} (from {@code --bootstrap-server}) when given; localhost:9092 when no
     * bootstrap server is named anywhere.
     */
    static Properties clientProperties(Path configFile, Map<String, String> env, String bootstrap) {
        Properties p = new Properties();
        readFile(configFile).forEach((k, v) -> {
            if (!k.toString().startsWith("frontier.")) {
                p.put(k, v);
            }
        });
        p.putAll(fromEnvironment(env));
        if (bootstrap != null && !bootstrap.isBlank()) {
            p.setProperty("bootstrap.servers", bootstrap);
        } else if (p.getProperty("bootstrap.servers", "").isBlank()) {
            p.setProperty("bootstrap.servers", DEFAULT_BOOTSTRAP);
        }
        return p;
    }

    /** Keeps only the settings that make sense for a plain producer/consumer/admin (drops Streams' own keys). */
    static Properties forClients(Properties all) {
        Properties p = new Properties();
        all.forEach((k, v) -> {
            String key = k.toString();
            if (CLIENT_KEYS.stream().anyMatch(key::startsWith)) {
                p.put(k, v);
            }
        });
        return p;
    }

    private static final List<String> CLIENT_KEYS = List.of("bootstrap.servers",
            "security.protocol", "sasl.", "ssl.", "client.dns.lookup", "request.timeout.ms",
            "default.api.timeout.ms", "connections.max.idle.ms", "reconnect.backoff", "retry.backoff",
            "socket.connection.setup.timeout", "metadata.max.age.ms", "client.id");
}
