package org.frontierwatch.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.frontierwatch.alertmanager.AlertmanagerSettings;
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
            description = "Port of the embedded broker (0: any free port). Default: ${DEFAULT-VALUE}. "
                    + "Env: FW_EMBEDDED_PORT.")
    int embeddedPort;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "${env:FW_METRICS_PORT:-8080}",
            description = "Port of GET /metrics and /health (0: any free port). Default: ${DEFAULT-VALUE}. "
                    + "Env: FW_METRICS_PORT.")
    int metricsPort;

    @Option(names = "--alertmanager-url", paramLabel = "URL", split = ",",
            defaultValue = "${env:FW_ALERTMANAGER_URLS}",
            description = "Post active alerts to this Alertmanager (API v2); repeat it (or comma-separate) for every "
                    + "instance of a cluster. Replaces frontier.alertmanager.urls. Env: FW_ALERTMANAGER_URLS.")
    List<String> alertmanagerUrls;

    @Mixin
    LogOptions log;

    @Override
    public Integer call() throws Exception {
        // Before anything logs. A person at a terminal reads alerts, with the log in a file; a service manager or
        // container runtime collects the log lines from stdout.
        boolean person = ConsoleLog.interactive();
        Path logFile = null;
        if (person) {
            logFile = ConsoleLog.toFile(options.dataDir.resolve(ConsoleLog.LOG_FILE_NAME), log.verbose, log.level);
            System.out.println("frontier-watch: full log in " + logFile);
        } else {
            ConsoleLog.toStdout(log.level);
        }
        ProcessorRunner.Settings settings = options.settings(embeddedPort, metricsPort, System.getenv());
        if (alertmanagerUrls != null && !alertmanagerUrls.isEmpty()) {
            List<URI> urls = new ArrayList<>();
            for (String u : alertmanagerUrls) {
                try {
                    urls.addAll(AlertmanagerSettings.parseUrls(u));
                } catch (IllegalArgumentException e) {
                    throw new CliException("--alertmanager-url: " + e.getMessage());
                }
            }
            settings = settings.withConfig(settings.config().withAlertmanagerUrls(urls));
        }
        AtomicReference<AlertPrinter> printing = new AtomicReference<>();
        Path log = logFile;
        try (ProcessorRunner runner = ProcessorRunner.start(settings);
             Shutdown shutdown = Shutdown.onSignal(() -> {
                 AlertPrinter p = printing.get();
                 boolean first = p != null && p.stopAndAwait();
                 runner.close();
                 if (first) {
                     System.out.println(DemoCommand.summary(p, runner.metrics().pipeline(), log));
                 }
             })) {
            (person ? System.out : System.err).println("frontier-watch: processing "
                    + settings.config().topics().incidentReports() + " on "
                    + runner.bootstrapServers() + "; alerts to " + settings.config().topics().alerts() + " and "
                    + settings.config().topics().alertsCap() + "; metrics on http://" + settings.metricsAddress() + ":"
                    + runner.metrics().port() + "/metrics"
                    + (settings.config().alertmanager().enabled() ? "; alerts posted to Alertmanager "
                    + settings.config().alertmanager().urls() : "") + ". Ctrl-C stops.");
            AlertPrinter printer = null;
            if (person) {
                // New alerts as they fire, and a summary when stopped.
                printer = new AlertPrinter(runner.clientProperties(), settings.config().topics().alerts(),
                        System.out, ConsoleLog.colour(System.getenv()), false);
                printing.set(printer);
                Thread printerThread = new Thread(printer, "frontier-watch-alerts");
                printerThread.setDaemon(true);
                printerThread.start();
            }
            runner.awaitStop();
            summary(printer, runner, logFile);
            if (runner.failed()) {
                System.err.println("frontier-watch: Kafka Streams stopped in state ERROR (see the log"
                        + (logFile != null ? " in " + logFile : " above") + ")");
                return 1;
            }
            return 0;
        }
    }

    /** On a terminal, when stopped (by a signal too): what was printed and counted; once. */
    private static void summary(AlertPrinter printer, ProcessorRunner runner, Path logFile) {
        if (printer != null && printer.stop()) {
            System.out.println(DemoCommand.summary(printer, runner.metrics().pipeline(), logFile));
        }
    }
}
