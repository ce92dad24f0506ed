package org.frontierwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.frontierwatch.config.AppConfig;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code demo} share: configuration, rules, reference data, broker and state. */
final class ProcessorOptions {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:FW_CONFIG}",
            description = "Java properties: frontier.* settings and Kafka/Streams client settings "
                    + "(security.protocol, sasl.*, ssl.*, ...). Env: FW_CONFIG.")
    Path config;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = "${env:FW_BOOTSTRAP_SERVER}",
            description = "Kafka to connect to. Without one (here, in --config or FW_KAFKA_BOOTSTRAP_SERVERS) an "
                    + "embedded broker is started. Env: FW_BOOTSTRAP_SERVER.")
    String bootstrap;

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = "${env:FW_RULES}",
            description = "Rules file (default: frontier.rules.file of --config, else config/rules.yaml). Env: "
                    + "FW_RULES.")
    Path rules;

    @Option(names = "--reference-dir", paramLabel = "DIR", defaultValue = "${env:FW_REFERENCE_DIR:-config/reference}",
            description = "sites.jsonl, nationalities.jsonl, districts.jsonl, upserted into the reference topics at "
                    + "start (only changed records are sent). Default: ${DEFAULT-VALUE}. Env: FW_REFERENCE_DIR.")
    Path referenceDir;

    @Option(names = "--no-reference-load", description = "Do not load reference files; use what the topics hold.")
    boolean noReferenceLoad;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:FW_STATE_DIR}",
            description = "Kafka Streams state directory (default: <data-dir>/state). Env: FW_STATE_DIR.")
    Path stateDir;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:FW_DATA_DIR:-data}",
            description = "Embedded broker's data (topics, offsets) and default state dir. Default: ${DEFAULT-VALUE}. "
                    + "Env: FW_DATA_DIR.")
    Path dataDir;

    @Option(names = "--embedded-host", paramLabel = "HOST", defaultValue = "${env:FW_EMBEDDED_HOST:-127.0.0.1}",
            description = "Address the embedded broker binds to. Default: ${DEFAULT-VALUE}. Env: FW_EMBEDDED_HOST.")
    String embeddedHost;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:FW_PARTITIONS:-1}",
            description = "Partitions of the report and alert topics when they are created. Default: ${DEFAULT-VALUE}. "
                    + "Env: FW_PARTITIONS.")
    int partitions;

    @Option(names = "--broker-timeout", paramLabel = "SECONDS", defaultValue = "${env:FW_BROKER_TIMEOUT:-30}",
            description = "How long to wait for Kafka before giving up. Default: ${DEFAULT-VALUE}. Env: "
                    + "FW_BROKER_TIMEOUT.")
    int brokerTimeoutSeconds;

    @Option(names = "--metrics-address", paramLabel = "HOST", defaultValue = "${env:FW_METRICS_ADDRESS:-127.0.0.1}",
            description = "Address /metrics and /health bind to (0.0.0.0: every interface). Default: ${DEFAULT-VALUE}. "
                    + "Env: FW_METRICS_ADDRESS.")
    String metricsAddress;

    /** Loads the configuration and resolves the runner settings; {@code embeddedPort} comes from the command. */
    ProcessorRunner.Settings settings(int embeddedPort, int metricsPort, Map<String, String> env) {
        if (partitions < 1) {
            throw new CliException("--partitions must be 1 or more");
        }
        if (brokerTimeoutSeconds < 1) {
            throw new CliException("--broker-timeout must be 1 second or more");
        }
        AppConfig appConfig = ClientSettings.appConfig(config, rules, env);
        if (env.get("FW_API_TOKEN") != null) {
            appConfig = appConfig.withApiToken(AppConfig.apiToken("environment", "FW_API_TOKEN",
                    env.get("FW_API_TOKEN")));
        }
        Path state = stateDir != null ? stateDir : dataDir.resolve("state");
        return new ProcessorRunner.Settings(appConfig, blankToNull(bootstrap), embeddedHost, embeddedPort, dataDir,
                state, noReferenceLoad ? null : referenceDir, partitions, Duration.ofSeconds(brokerTimeoutSeconds),
                metricsAddress, metricsPort, ClientSettings.rulesFile(config, rules, env));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
