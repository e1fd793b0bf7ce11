package io.scimrouter.bench.jmh;

import io.scimrouter.Router;
import io.scimrouter.bench.stub.StubBackend;
import io.scimrouter.bench.stub.StubOptions;
import io.scimrouter.config.ConfigLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One GET of a ~1 KB SCIM user over a keep-alive loopback connection, in process: straight to the stub backend, through
 * the router's legacy route, and through its /v2/{tenant} route (tenant lookup + body rewrite). The difference is
 * what the router adds. Run:
 * {@code java -jar benchmarks/target/scim-router-bench.jar jmh ProxyRoundTrip -f 1 -wi 5 -i 5 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class ProxyRoundTripBenchmark {

    @Param({"direct", "legacy", "tenant"})
    public String route;

    private StubBackend stub;
    private Router router;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private byte[] request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stub = StubBackend.start(StubOptions.loopbackEphemeral(), 1);
        router = new Router(ConfigLoader.load(null, Map.of(
                "SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_SERVER_WORKER_THREADS", "1",
                "SCIM_ROUTER_ADMIN_PORT", "-1",
                "SCIM_ROUTER_LOG_ACCESS_FORMAT", "off",
                "SCIM_ROUTER_BACKEND_URL", "http://127.0.0.1:" + stub.port(),
                "SCIM_ROUTER_TENANTS_STATIC", "[{project: p1, environment: e1, tenants: [acme]}]"))).start();
        int port = route.equals("direct") ? stub.port() : router.port();
        String path = route.equals("tenant") ? "/scim/v2/p1/e1/v2/acme/Users/42" : "/scim/v2/p1/e1/Users/42";
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer bench\r\nAccept: application/scim+json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        socket.close();
        router.close();
        stub.close();
    }

    @Benchmark
    public int getUser() throws IOException {
        out.write(request);
        out.flush();
        return readResponse();
    }

    /** Reads one answer (Content-Length or chunked) and returns its body length. */
    private int readResponse() throws IOException {
        int contentLength = -1;
        boolean chunked = false;
        String line = readLine();
        if (line == null || !line.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected status line: " + line);
        }
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = true;
            }
        }
        if (!chunked) {
            return in.readNBytes(contentLength).length;
        }
        int total = 0;
        while (true) {
            int size = Integer.parseInt(readLine().trim(), 16);
            if (size == 0) {
                readLine();
                return total;
            }
            total += in.readNBytes(size).length;
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
