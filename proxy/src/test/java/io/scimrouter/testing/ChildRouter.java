package io.scimrouter.testing;

import io.scimrouter.rewrite.RewriterKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A router process started with a small heap; its port is read from its first output line. */
public final class ChildRouter implements AutoCloseable {
    private final Process process;
    private final int port;

    public ChildRouter(URI backend, String maxHeap) throws IOException {
        this(backend, maxHeap, List.of());
    }

    /** With further JVM options for the child, e.g. a class-loading log; the router as in production. */
    public ChildRouter(URI backend, String maxHeap, List<String> jvmOptions) throws IOException {
        this(backend, maxHeap, jvmOptions, null);
    }

    /**
     * A router whose body rewriters are {@code rewriter}'s ({@link io.scimrouter.RouterSeams#rewriters}), or as in
     * production when it is null.
     */
    public ChildRouter(URI backend, String maxHeap, List<String> jvmOptions, RewriterKind rewriter)
            throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:MaxDirectMemorySize=64m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildRouterMain.class.getName(),
                backend.toString()));
        if (rewriter != null) {
            command.add(rewriter.name());
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        int found = -1;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT=")) {
                found = Integer.parseInt(line.substring(5));
                break;
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new IOException("child router did not start");
        }
        port = found;
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException ignored) {
                // process ended
            }
        }, "child-router-output");
        drain.setDaemon(true);
        drain.start();
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
