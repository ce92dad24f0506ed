package org.frontierwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Connection options of the client commands ({@code produce}, {@code tail}). */
final class ClientOptions {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            defaultValue = "${env:FW_BOOTSTRAP_SERVER}",
            description = "Kafka to use; overrides bootstrap.servers from --config or FW_KAFKA_BOOTSTRAP_SERVERS. "
                    + "Default: those, else localhost:9092. Env: FW_BOOTSTRAP_SERVER.")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:FW_CONFIG}",
            description = "Properties with client settings (security.protocol, sasl.*, ssl.*). Env: FW_CONFIG.")
    Path config;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for Kafka. Default: ${DEFAULT-VALUE}.")
    int connectTimeoutSeconds;

    Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    /**
     * Client settings from the file, FW_KAFKA_* variables and --bootstrap-server, after a bounded reachability check.
     */
    Properties connect() {
        Properties client = ClientSettings.clientProperties(config, System.getenv(), bootstrap);
        KafkaChecks.requireReachable(client, connectTimeout());
        return ClientSettings.forClients(client);
    }
}
