package org.frontierwatch.cli;

import java.util.concurrent.Callable;
import org.frontierwatch.metrics.PipelineMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the stream processor, against a configured Kafka or an embedded broker. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Frontier Watch stream processor until SIGTERM/Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ProcessorOptions options;

    @Option(names = "--embedded-port", paramLabel = "N", defaultValue = "${env:FW_EMBEDDED_PORT:-9092}",
            description = "Port of the embedded broker (0: any free port). Default: ${DEFAULT-VALUE}. Env: FW_EMBEDDED_PORT.")
    int embeddedPort;

    @Override
    public Integer call() throws Exception {
        ProcessorRunner.Settings settings = options.settings(embeddedPort, System.getenv());
        try (ProcessorRunner runner = ProcessorRunner.start(settings, PipelineMetrics.detached())) {
            Shutdown shutdown = Shutdown.onSignal(runner);
            System.err.println("frontier-watch: processing " + settings.config().topics().incidentReports() + " on "
                    + runner.bootstrapServers() + "; alerts to " + settings.config().topics().alerts() + " and "
                    + settings.config().topics().alertsCap() + ". Ctrl-C stops.");
            runner.awaitStop();
            shutdown.completed();
            if (runner.failed()) {
                System.err.println("frontier-watch: Kafka Streams stopped in state ERROR (see the log above)");
                return 1;
            }
            return 0;
        }
    }
}
