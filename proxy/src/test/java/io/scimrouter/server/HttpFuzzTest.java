package io.scimrouter.server;

import io.netty.channel.embedded.EmbeddedChannel;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.testing.FuzzOracle;
import io.scimrouter.testing.HttpMutator;
import io.scimrouter.testing.LeakDetectionExtension;
import io.scimrouter.testing.LogCapture;
import io.scimrouter.testing.StrictHttp1;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP fuzzer through the router's real client pipeline and backend codec on embedded channels (many cases, no
 * sockets, time moved by hand so every timer fires): each {@link HttpMutator} case is sent in one or more reads; the
 * backends answer every request they receive; time then runs past every timeout. Every other case runs with request
 * buffering off, so that heads also go out before their bodies are checked. For each case: no exception got
 * loose ({@link LogCapture}, and whatever reached the end of a pipeline), no buffer leaked (checked every
 * {@value #LEAK_CHECK_EVERY} cases at PARANOID), the client got well-formed answers or a close, and every request a
 * backend got is strict HTTP/1.1 with exactly the router's tenant header ({@link FuzzOracle}).
 *
 * <p>CI runs {@value #DEFAULT_CASES} cases of seed {@value #DEFAULT_SEED}; a longer run (README, Testing) raises
 * {@code scimrouter.fuzz.cases}, picks another {@code scimrouter.fuzz.seed} and lifts JUnit's default timeout.
 */
class HttpFuzzTest {
    static final long DEFAULT_SEED = 20_261_212L;
    static final int DEFAULT_CASES = 3000;
    private static final int LEAK_CHECK_EVERY = 500;
    private static final String LEGACY = "http://legacy.test:8080";
    private static final String TENANT_AWARE = "http://tenants.test:8080";
    private static final String OK = EmbeddedProxy.OK_2;
    private static final TenantResolver KNOWN = EmbeddedProxy.ACME_AND_GLOBEX;

    @Test
    void mutatedRequests_throughTheRealPipeline_getWellFormedAnswers_andNothingMalformedReachesABackend()
            throws InterruptedException {
        long seed = Long.getLong("scimrouter.fuzz.seed", DEFAULT_SEED);
        int total = Integer.getInteger("scimrouter.fuzz.cases", DEFAULT_CASES);
        RouterConfig buffered = TestConfigs.builder(URI.create(LEGACY)).tenantAwareUrl(URI.create(TENANT_AWARE))
                .maxRequestBodyBytes(64 * 1024).build();
        // every other case with request buffering off: heads go out before their bodies are checked
        RouterConfig streaming = TestConfigs.builder(URI.create(LEGACY)).tenantAwareUrl(URI.create(TENANT_AWARE))
                .maxRequestBodyBytes(64 * 1024).requestBuffer(0, 0).build();
        HttpMutator mutator = new HttpMutator(seed);
        FuzzOracle oracle = new FuzzOracle();
        try (LogCapture log = LogCapture.install()) {
            long mark = LeakDetectionExtension.mark();
            for (int i = 0; i < total; i++) {
                HttpMutator.Case c = mutator.next();
                run(c, c.index() % 2 == 0 ? buffered : streaming, oracle);
                assertThat(log.loose()).as("exceptions got loose at %s", c.describe()).isEmpty();
                assertThat(oracle.problems()).as("seed %s", seed).isEmpty();
                if ((i + 1) % LEAK_CHECK_EVERY == 0) {
                    LeakDetectionExtension.assertReleasedSince(mark, "cases up to " + c.describe());
                    mark = LeakDetectionExtension.mark();
                }
            }
        }
        System.out.println("HttpFuzzTest (embedded), seed " + seed + ": " + oracle.summary() + "\n"
                + oracle.examples());
        assertThat(oracle.cases()).isEqualTo(total);
        // the mix is worth something only if it reaches the backends and the refusals alike
        assertThat(oracle.backendRequests()).isGreaterThan(total / 10);
        assertThat(oracle.answered(400)).isGreaterThan(total / 10);
    }

    private static void run(HttpMutator.Case c, RouterConfig config, FuzzOracle oracle) {
        EmbeddedProxy proxy = new EmbeddedProxy(config, KNOWN);
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        List<ByteArrayOutputStream> toBackends = new ArrayList<>();
        List<Integer> parsed = new ArrayList<>();
        try {
            int from = 0;
            List<Integer> ends = new ArrayList<>();
            for (int split : c.splits()) {
                ends.add(split);
            }
            ends.add(c.bytes().length);
            for (int end : ends) {
                if (end > from && proxy.client().isOpen()) {
                    proxy.clientSends(new String(c.bytes(), from, end - from, StandardCharsets.ISO_8859_1));
                    from = end;
                }
                pump(proxy, c, oracle, toBackends, parsed, toClient);
            }
            for (int round = 0; round < 4; round++) {
                proxy.advance(Duration.ofSeconds(31)); // past the head, body, response and idle timeouts
                pump(proxy, c, oracle, toBackends, parsed, toClient);
            }
            proxy.client().checkException();
            for (int i = 0; i < proxy.backendConnections(); i++) {
                proxy.backend(i).checkException();
                if (parsed.get(i) < toBackends.get(i).size()) {
                    oracle.backendLeftWithPartOfARequest(!proxy.backend(i).isOpen(), c.describe());
                }
            }
            oracle.clientReceived(c, toClient.toByteArray(), !proxy.client().isOpen());
        } finally {
            proxy.close();
        }
    }

    /** The backends answer every whole request they got, until nothing moves. */
    private static void pump(EmbeddedProxy proxy, HttpMutator.Case c, FuzzOracle oracle,
                             List<ByteArrayOutputStream> toBackends, List<Integer> parsed,
                             ByteArrayOutputStream toClient) {
        boolean moved = true;
        while (moved) {
            moved = false;
            toClient.writeBytes(proxy.clientReceived().getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < proxy.backendConnections(); i++) {
                if (toBackends.size() <= i) {
                    toBackends.add(new ByteArrayOutputStream());
                    parsed.add(0);
                }
                toBackends.get(i).writeBytes(proxy.backendReceived(i).getBytes(StandardCharsets.ISO_8859_1));
                byte[] all = toBackends.get(i).toByteArray();
                EmbeddedChannel backend = proxy.backend(i);
                try {
                    StrictHttp1.Message request;
                    while ((request = StrictHttp1.request(all, parsed.get(i))) != null) {
                        parsed.set(i, parsed.get(i) + request.length());
                        oracle.backendRequest(request, proxy.backendOrigin(i).equals(TENANT_AWARE), c.describe());
                        if (backend.isOpen()) {
                            proxy.backendSends(i, OK);
                            moved = true;
                        }
                    }
                } catch (StrictHttp1.Violation v) {
                    oracle.backendViolation(v.getMessage() + " at " + c.describe());
                }
            }
        }
        toClient.writeBytes(proxy.clientReceived().getBytes(StandardCharsets.ISO_8859_1));
    }
}
