package org.frontierwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.frontierwatch.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process Kafka broker for a whole integration test class, started before its first test (and before the
 * class's own {@code @BeforeAll} methods) on a free port over a fresh data directory, closed after its last test:
 * <pre>{@code @RegisterExtension static final InProcessBroker broker = new InProcessBroker();}</pre>
 * Nested classes share the outer class's broker.
 */
public final class InProcessBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaBroker broker;
    private Path dataDir;
    /** The class context that started the broker; only its end closes it. */
    private String owner;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            return;
        }
        dataDir = Files.createTempDirectory("fw-kafka");
        broker = EmbeddedKafkaBroker.start(dataDir, "127.0.0.1", 0);
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker == null || !context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            broker.close();
        } finally {
            broker = null;
            deleteRecursively(dataDir);
        }
    }

    /** The broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only while the test class does");
        }
        return broker.bootstrapServers();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
