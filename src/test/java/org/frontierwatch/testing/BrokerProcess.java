package org.frontierwatch.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The embedded KRaft broker in a process of its own ({@code frontier-watch.jar broker}), so that a test can kill it
 * with SIGKILL and start it again on the same port and data directory.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private JarProcess process;

    private BrokerProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static BrokerProcess start(Path dataDir) throws Exception {
        BrokerProcess b = new BrokerProcess(dataDir, FreePorts.next());
        b.startProcess();
        return b;
    }

    private void startProcess() throws Exception {
        process = JarProcess.start(Map.of(), null, "broker", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port));
        process.awaitOutput("bootstrap.servers=", READY);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** kill -9, as a crashed machine or an OOM killer would. */
    public void kill() throws InterruptedException {
        process.kill();
        process.close();
    }

    /** Starts again on the same port and data: topics, offsets and transactions survive. */
    public void restart() throws Exception {
        startProcess();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
