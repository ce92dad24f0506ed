package org.frontierwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.frontierwatch.broker.ReferenceLoader;
import org.frontierwatch.broker.TopicSetup;
import org.frontierwatch.config.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code setup}: creates the missing topics and upserts the reference files, then exits; what {@code run} does at
 * start, as a one-shot step for deployments (the docker-compose {@code init} service).
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Create missing topics and load the reference files into Kafka, then exit.")
final class SetupCommand implements Callable<Integer> {

    @Mixin
    ClientOptions connection;

    @Option(names = "--reference-dir", paramLabel = "DIR", defaultValue = "${env:FW_REFERENCE_DIR:-config/reference}",
            description = "Reference files to load. Default: ${DEFAULT-VALUE}. Env: FW_REFERENCE_DIR.")
    Path referenceDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:FW_PARTITIONS:-1}",
            description = "Partitions of the report and alert topics when they are created. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() throws Exception {
        ReferenceLoader.read(referenceDir);
        AppConfig config = ClientSettings.appConfig(connection.config, null, System.getenv());
        Properties client = connection.connect();
        Duration timeout = connection.connectTimeout();
        try (Admin admin = Admin.create(client)) {
            TopicSetup.Replication replication = TopicSetup.replication(admin, config.kafka(), timeout);
            List<String> created = TopicSetup.createMissing(admin, config.topics(), partitions, replication,
                    timeout);
            System.err.println("frontier-watch: replication: " + replication.factor() + " replica(s), "
                    + replication.minInsync() + " in sync");
            System.err.println("frontier-watch: topics created: " + (created.isEmpty() ? "none (all exist)" : created));
        }
        ReferenceLoader.Loaded loaded = ReferenceLoader.upsert(referenceDir, config.topics(), client, timeout);
        System.err.println("frontier-watch: reference records sent: " + loaded.sent());
        return 0;
    }
}
