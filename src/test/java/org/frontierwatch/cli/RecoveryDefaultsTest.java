package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.frontierwatch.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery settings {@code run} gives Kafka Streams when the operator sets none. */
class RecoveryDefaultsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldGiveEveryStateDirectoryItsOwnStaticMemberIdAndKeepIt() throws Exception {
        Path a = tmp.resolve("a");
        String first = StreamsProperties.of(new Properties(), a).getProperty("group.instance.id");
        assertTrue(first.matches("frontier-watch-[A-Za-z0-9-]+-[0-9a-f]{12}"), first);
        assertEquals(first + "\n", Files.readString(a.resolve(InstanceId.FILE)));
        assertEquals(first, StreamsProperties.of(new Properties(), a).getProperty("group.instance.id"),
                "a restart on the same state directory is the same member");
        String other = StreamsProperties.of(new Properties(), tmp.resolve("b"))
                .getProperty("group.instance.id");
        assertNotEquals(first, other, "two instances on one host never collide");
    }

    @Test
    void shouldShortenTheSessionTimeoutAndLetTheOperatorOverrideEveryRecoverySetting() {
        Properties defaults = StreamsProperties.of(new Properties(), tmp.resolve("s"));
        assertEquals("10000", defaults.getProperty("session.timeout.ms"));
        assertEquals("3000", defaults.getProperty("heartbeat.interval.ms"));
        assertEquals("5000", defaults.getProperty("transaction.timeout.ms"));

        Properties kafka = new Properties();
        kafka.setProperty("group.instance.id", "site-ops-1");
        kafka.setProperty("session.timeout.ms", "30000");
        Properties set = StreamsProperties.of(kafka, tmp.resolve("t"));
        assertEquals("site-ops-1", set.getProperty("group.instance.id"));
        assertEquals("30000", set.getProperty("session.timeout.ms"));
        assertFalse(Files.exists(tmp.resolve("t").resolve(InstanceId.FILE)), "an explicit id writes no file");

        kafka.setProperty("group.instance.id", "");
        assertFalse(StreamsProperties.of(kafka, tmp.resolve("u")).containsKey("group.instance.id"),
                "an empty group.instance.id asks for dynamic membership");
    }

    @Test
    void shouldStopStartUpNamingTheFileWhenTheKeptIdIsBroken() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(dir.resolve(InstanceId.FILE), "has spaces/and\nnewlines");
        ConfigException e = assertThrows(ConfigException.class,
                () -> StreamsProperties.of(new Properties(), dir));
        assertTrue(e.getMessage().contains(dir.resolve(InstanceId.FILE).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("group.instance.id"), e.getMessage());
    }
}
