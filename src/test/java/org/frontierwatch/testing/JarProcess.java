package org.frontierwatch.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs {@code target/frontier-watch.jar} (or any Java main) as a child process with a time limit, capturing output. */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/frontier-watch.jar");

    private final Process process;
    private final Path out;
    private final Path err;

    private JarProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static JarProcess start(Map<String, String> env, String stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return startCommand(cmd, env, stdin);
    }

    /** A class of the test classpath (e.g. Kafka's console tools) in its own JVM. */
    public static JarProcess startClass(String mainClass, String stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        return startCommand(cmd, Map.of(), stdin);
    }

    public static JarProcess startCommand(List<String> cmd, Map<String, String> env, String stdin) throws IOException {
        Path out = Files.createTempFile("fw-out", ".txt");
        Path err = Files.createTempFile("fw-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("FW_"));
        pb.environment().putAll(env);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new JarProcess(p, out, err);
    }

    /**
     * This JVM's class path: java.class.path, or, when running inside Maven (exec:java puts the project's classes in
     * a class loader of its own), the URLs of the context class loader chain.
     */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: skip
                    }
                }
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the exit code; fails the test if the process has not ended within {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not end within " + timeout + "\nstdout:\n" + stdout()
                    + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /**
     * The exit code if the process ends within {@code timeout}; otherwise kills it and returns -1, as Docker does
     * with a healthcheck that overruns its timeout (it counts as failed).
     */
    public int exitCodeWithin(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    /** Waits until stderr or stdout contains {@code text}; fails after {@code timeout} or if the process ends first. */
    public void awaitOutput(String text, Duration timeout) throws Exception {
        AtomicBoolean seen = new AtomicBoolean();
        Await.holdsWithin(() -> {
            if (stdout().contains(text) || stderr().contains(text)) {
                seen.set(true);
                return true;
            }
            if (!process.isAlive()) {
                return true; // ended without it: stop waiting
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // the pause; returns early if the process ends
            return false;
        }, timeout, Await.NO_PAUSE);
        if (!seen.get()) {
            throw new AssertionError("no '" + text + "' in output (alive=" + process.isAlive() + ")\nstdout:\n"
                    + stdout() + "\nstderr:\n" + stderr());
        }
    }

    /** Sends SIGKILL (kill -9): no shutdown hook, no clean close; waits (bounded) until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as an operator's stop or Ctrl-C would. */
    public void terminate() {
        process.destroy();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException ignored) {
            // temp files
        }
    }
}
