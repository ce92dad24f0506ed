package org.frontierwatch.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the log goes, chosen once per process before the first logger exists (slf4j-simple reads its settings at
 * its first use): a file while a person reads the console ({@code demo}, {@code run} on a terminal), so the screen
 * holds alerts and not Kafka's start-up chatter; back on the console too with {@code --verbose}; stdout for
 * {@code run} as a service or in a container. {@code --log-level} sets the default level; single loggers keep
 * theirs from {@code simplelogger.properties} unless overridden with {@code -Dorg.slf4j.simpleLogger.log.NAME=LEVEL}.
 */
final class ConsoleLog {

    static final String LOG_FILE_NAME = "frontier-watch.log";
    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private ConsoleLog() {
    }

    /** True when a person is at the console: stdin and stdout are a terminal. */
    static boolean interactive() {
        return System.console() != null;
    }

    /** Colour on a terminal unless NO_COLOR is set to anything non-empty (no-color.org). */
    static boolean colour(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return interactive() && (noColor == null || noColor.isEmpty());
    }

    /**
     * Sends the log to {@code file} (created with its directories; a previous one is kept as {@code NAME.1}); with
     * {@code verbose} to stderr as well, appended to the file. Returns the file.
     */
    static Path toFile(Path file, boolean verbose, String level) {
        level(level);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new CliException("cannot create the log directory of " + file + ": " + e.getMessage(), e);
        }
        if (verbose) {
            // slf4j-simple writes to one stream: let it write to stderr and copy stderr into the file.
            try {
                OutputStream log = new FileOutputStream(file.toFile(), true);
                System.setErr(new PrintStream(new Tee(System.err, log), true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PREFIX + "logFile", "System.err");
        } else {
            keepPrevious(file);
            System.setProperty(PREFIX + "logFile", file.toString());
        }
        return file;
    }

    /** Structured log lines on stdout, as a service manager or container runtime collects them. */
    static void toStdout(String level) {
        level(level);
        System.setProperty(PREFIX + "logFile", "System.out");
    }

    /** Fails with one line on a level slf4j-simple does not know; returns it in lower case (null stays null). */
    static String checkLevel(String level) {
        if (level == null) {
            return null;
        }
        String l = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new CliException("--log-level must be one of " + String.join(", ", new TreeSet<>(LEVELS))
                    + ", not '" + level + "'");
        }
        return l;
    }

    private static void level(String level) {
        String l = checkLevel(level);
        if (l == null) {
            return;
        }
        System.setProperty(PREFIX + "defaultLogLevel", l);
        if (l.equals("debug") || l.equals("trace")) {
            // simplelogger.properties keeps Kafka's own loggers at warn; a debugging session wants them too.
            System.setProperty(PREFIX + "log.org.apache.kafka", l);
            System.setProperty(PREFIX + "log.kafka", l);
        }
    }

    /** slf4j-simple truncates the file it opens: keep the previous run's log as {@code NAME.1}. */
    private static void keepPrevious(Path file) {
        try {
            if (Files.size(file) > 0) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            // first run
        } catch (IOException e) {
            throw new CliException("cannot keep the previous log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes everything to two streams; a failing second one (the file) does not stop the first. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
