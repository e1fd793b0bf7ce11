package io.scimrouter.bench.stub;

import io.scimrouter.bench.cli.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stub-backend}: serve generated SCIM resources until killed. */
@Command(name = "stub-backend", mixinStandardHelpOptions = true,
        description = {"A fast stand-in SCIM service on loopback.",
                "GET .../Users/{id}, GET .../Users?filter=..., GET .../Users?count=N,",
                "GET .../Users?listBytes=52428800 (streamed), POST (201 + Location), PUT/PATCH (200), DELETE (204);",
                "Groups likewise. meta.location is absolute, built from the Host header and the request path."})
public final class StubBackendCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", defaultValue = "8081",
            description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--delay", defaultValue = "0ms",
            description = "server-side stall before every answer, e.g. 5ms (default: ${DEFAULT-VALUE})",
            converter = DurationConverter.class)
    private Duration delay;

    @Option(names = "--threads", defaultValue = "0",
            description = "event loop threads, 0 for one per core (default: ${DEFAULT-VALUE})")
    private int threads;

    @Override
    public Integer call() throws Exception {
        StubOptions options = new StubOptions(host, port, delay, 0, Duration.ZERO);
        int ioThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (StubBackend stub = StubBackend.start(options, ioThreads)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stub::close, "stub-shutdown"));
            System.out.printf("stub-backend listening on http://%s:%d (%s, %d threads)%n", host, stub.port(),
                    stub.transportName(), ioThreads);
            System.out.flush();
            stub.awaitClose();
        }
        return 0;
    }
}
