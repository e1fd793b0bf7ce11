package io.scimrouter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built jar ({@code target/scim-tenant-router.jar}) as an operator runs it: {@code java -jar}, the given
 * {@code SCIM_ROUTER_*} variables only, standard output (the access log) and standard error (the router's log)
 * collected apart, line by line. For failsafe tests, which run after {@code package}.
 */
public final class JarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "scim-tenant-router.jar");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Lines out;
    private final Lines err;

    private JarProcess(Process process) {
        this.process = process;
        this.out = new Lines(process.getInputStream(), "jar-stdout");
        this.err = new Lines(process.getErrorStream(), "jar-stderr");
    }

    public static JarProcess start(Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run after package (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SCIM_ROUTER_"));
        builder.environment().putAll(new HashMap<>(env));
        return new JarProcess(builder.start());
    }

    public Process process() {
        return process;
    }

    /**
     * Sends SIGTERM; each call sends one. Through the process handle: {@code Process.destroy} would also close our
     * ends of its output streams, and the drain's log would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the exit; its status. */
    public int exitStatus() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the router did not exit within " + WAIT + "\n" + stderr());
        }
        out.reader.join(WAIT.toMillis());
        err.reader.join(WAIT.toMillis());
        return process.exitValue();
    }

    /** The first further line of standard error matching {@code pattern}. */
    public Matcher awaitStderr(Pattern pattern) throws InterruptedException {
        return err.await(pattern, this::stderr);
    }

    public String stdout() {
        return out.all.toString();
    }

    public String stderr() {
        return err.all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static final class Lines {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();
        final Thread reader;

        Lines(InputStream in, String name) {
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        all.append(line).append('\n');
                        queue.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, name);
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern pattern, java.util.function.Supplier<String> text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            throw new AssertionError("no line matching " + pattern + " in:\n" + text.get());
        }
    }
}
