package io.scimrouter.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.scimrouter.rewrite.JacksonUrlRewriter;
import io.scimrouter.rewrite.JsonUrlRewriter;
import io.scimrouter.rewrite.RewriteLimits;
import io.scimrouter.rewrite.ScanningUrlRewriter;
import io.scimrouter.rewrite.UrlMapping;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Streaming URL rewrite of SCIM bodies fed in 8 KiB chunks by both rewriters (the proxy's scanner and the jackson-core
 * reference), beside a plain copy of the same chunks. Time per body; throughput in MB/s is {@code bodyBytes / time}
 * (the body sizes are printed at setup).
 *
 * <pre>
 * java -cp benchmarks/target/scim-router-bench.jar org.openjdk.jmh.Main JsonRewrite -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xmx2g"})
public class JsonRewriteBenchmark {
    static final String LEGACY = "http://10.0.0.5:8080/scim/v2/p1/e1";
    static final String TENANT = "https://public.example.com/scim/v2/p1/e1/v2/acme";
    static final int CHUNK = 8192;

    /** user: one 1.2 KB user with three URLs; list1mb / list50mb: ListResponses of such users. */
    @Param({"user", "list1mb", "list50mb"})
    public String body;

    private final UrlMapping mapping = UrlMapping.of(List.of(LEGACY, "https://public.example.com/scim/v2/p1/e1"),
            TENANT);
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    /** The body cut in chunks as a socket would deliver them: pooled direct buffers, fed as retained duplicates. */
    private ByteBuf[] chunks;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = switch (body) {
            case "user" -> user(0).getBytes(StandardCharsets.UTF_8);
            case "list1mb" -> list(1 << 20);
            case "list50mb" -> list(50 << 20);
            default -> throw new IllegalArgumentException(body);
        };
        int count = (bytes.length + CHUNK - 1) / CHUNK;
        chunks = new ByteBuf[count];
        for (int i = 0; i < count; i++) {
            int from = i * CHUNK;
            int length = Math.min(CHUNK, bytes.length - from);
            chunks[i] = alloc.directBuffer(length).writeBytes(bytes, from, length);
        }
        System.out.printf("%n%s: %d bytes in %d chunks%n", body, bytes.length, count);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf chunk : chunks) {
            chunk.release();
        }
    }

    /** The proxy's rewriter. */
    @Benchmark
    public long rewriteScanning() {
        return rewrite(new ScanningUrlRewriter(mapping, RewriteLimits.DEFAULT));
    }

    /** The reference rewriter (jackson-core), the one the proxy used before the scanner. */
    @Benchmark
    public long rewriteJackson() {
        return rewrite(new JacksonUrlRewriter(mapping, RewriteLimits.DEFAULT));
    }

    private long rewrite(JsonUrlRewriter rewriter) {
        long written = 0;
        for (ByteBuf chunk : chunks) {
            ByteBuf out = rewriter.feed(chunk.retainedDuplicate(), alloc);
            written += out.readableBytes();
            out.release();
        }
        ByteBuf rest = rewriter.finish(alloc);
        written += rest.readableBytes();
        rest.release();
        return written + rewriter.rewrittenCount();
    }

    @Benchmark
    public long plainCopy() {
        long written = 0;
        for (ByteBuf chunk : chunks) {
            ByteBuf out = alloc.buffer(chunk.readableBytes());
            out.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
            written += out.readableBytes();
            out.release();
        }
        return written;
    }

    static byte[] list(int targetBytes) {
        StringBuilder sb = new StringBuilder(targetBytes + 2048);
        sb.append("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,")
                .append("\"Resources\":[");
        for (int i = 0; sb.length() < targetBytes; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(user(i));
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An Entra-style user of about 1.2 KB with three URLs: manager $ref, a group $ref and meta.location. */
    static String user(int i) {
        String id = String.format("2819c223-7f76-453a-919d-%012d", i);
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],"
                + "\"id\":\"" + id + "\",\"externalId\":\"bjensen" + i + "\",\"userName\":\"bjensen" + i
                + "@example.com\",\"name\":{\"formatted\":\"Ms. Barbara J Jensen III\",\"familyName\":\"Jensen\","
                + "\"givenName\":\"Barbara\"},\"displayName\":\"Babs Jensen\",\"title\":\"Tour Guide\","
                + "\"preferredLanguage\":\"en-US\",\"locale\":\"en-US\",\"active\":true,"
                + "\"emails\":[{\"value\":\"bjensen@example.com\",\"type\":\"work\",\"primary\":true},"
                + "{\"value\":\"babs@jensen.org\",\"type\":\"home\"}],"
                + "\"groups\":[{\"value\":\"e9e30dba-f08f-4109-8486-d5c6a331660a\",\"$ref\":\""
                + LEGACY + "/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a\",\"display\":\"Tour Guides\"}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"701984\","
                + "\"costCenter\":\"4130\",\"department\":\"Tour Operations\","
                + "\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\","
                + "\"$ref\":\"" + LEGACY + "/Users/26118915-6090-4610-87e4-49d8ca9f808d\","
                + "\"displayName\":\"John Smith\"}},"
                + "\"meta\":{\"resourceType\":\"User\",\"created\":\"2010-01-23T04:56:22Z\","
                + "\"lastModified\":\"2011-05-13T04:42:34Z\",\"version\":\"W\\/\\\"3694e05e9dff591\\\"\","
                + "\"location\":\"" + LEGACY + "/Users/" + id + "\"}}";
    }
}
