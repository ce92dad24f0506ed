package org.frontierwatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.frontierwatch.config.ConfigException;

/**
 * The {@code group.instance.id} of a state directory: read from {@code <state dir>/frontier-watch.instance-id}, or
 * made up once ({@code frontier-watch-<host>-<random>}) and written there, so that a restart on the same state
 * directory rejoins its consumer group as the same static member and gets its partitions back without a rebalance,
 * while two state directories (two instances, even on one host) never share an id.
 */
final class InstanceId {

    static final String FILE = "frontier-watch.instance-id";
    /** What Kafka accepts in a group.instance.id (as for topic names), bounded. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private InstanceId() {
    }

    static String forStateDir(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!VALID.matcher(id).matches()) {
                    throw new ConfigException(file.toString(), "group.instance.id", "not a valid id ('"
                            + id.replaceAll("\\p{Cntrl}", "?") + "'); delete the file to get a new one, or set "
                            + "group.instance.id (FW_KAFKA_GROUP_INSTANCE_ID)");
                }
                return id;
            }
            Files.createDirectories(stateDir);
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            String id = "frontier-watch-" + host() + "-" + HexFormat.of().formatHex(random);
            // Written to a temporary file and moved, so a crash never leaves a half-written id behind.
            Path tmp = Files.createTempFile(stateDir, FILE, ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String host() {
        // No DNS lookup (InetAddress.getLocalHost can hang for seconds): the kernel's name, as hostname(1) prints it.
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                name = "host";
            }
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9-]", "-");
        cleaned = cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
        return cleaned.isEmpty() ? "host" : cleaned;
    }
}
