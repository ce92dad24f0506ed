package org.frontierwatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: runs only the embedded single-node KRaft broker (Kafka's own server code) until SIGTERM, keeping
 * its data in {@code --data-dir}; prints {@code bootstrap.servers=HOST:PORT} once it is ready. For trying things out,
 * and for tests and benchmarks that need the broker in its own process (to kill or bounce it). Not for production.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded single-node Kafka broker until stopped (for trials, tests and "
                + "benchmarks).")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:FW_DATA_DIR:-data}",
            description = "Where the broker keeps topics and offsets (formatted on first start, reused after). "
                    + "Default: ${DEFAULT-VALUE}. Env: FW_DATA_DIR.")
    Path dataDir;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "${env:FW_EMBEDDED_HOST:-127.0.0.1}",
            description = "Address to bind. Default: ${DEFAULT-VALUE}. Env: FW_EMBEDDED_HOST.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:FW_EMBEDDED_PORT:-9092}",
            description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}. Env: FW_EMBEDDED_PORT.")
    int port;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), host, port);
        try (Shutdown ignored = Shutdown.onSignal(broker)) {
            System.out.println("bootstrap.servers=" + broker.bootstrapServers());
            System.out.flush();
            System.err.println("frontier-watch: broker ready on " + broker.bootstrapServers() + ", data in " + dataDir
                    + "; stop with Ctrl-C or SIGTERM");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
