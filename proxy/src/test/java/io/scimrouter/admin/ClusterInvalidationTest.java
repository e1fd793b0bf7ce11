package io.scimrouter.admin;

import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scope=cluster} against real routers on loopback: router A passes the invalidation on to router B and to a
 * peer that accepts connections but never answers; A's own address, listed among the peers as DNS would list it, is
 * left out. The peer list is given to A directly because the routers' admin ports differ here (in production every
 * replica has the same admin.port and the list comes from admin.peers.dns).
 */
class ClusterInvalidationTest {
    private static final String TOKEN = "0123456789abcdef-admin-token";
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final String TENANT = "/scim/v2/p1/e1/v2/acme/Users";

    private TestBackend backend;
    private Router a;
    private Router b;
    private ServerSocket silent; // accepts (the kernel's backlog), never answers

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend();
        silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        b = router().start();
        CompletableFuture<Integer> aPort = new CompletableFuture<>();
        a = router().peers(() -> List.of(
                new InetSocketAddress("127.0.0.1", aPort.getNow(-1)),
                new InetSocketAddress("127.0.0.1", b.adminPort()),
                new InetSocketAddress("127.0.0.1", silent.getLocalPort()))).start();
        aPort.complete(a.adminPort());
    }

    private Router router() {
        return new Router(TestConfigs.builder(backend.uri()).adminOnFreePort().adminTokenEnv("ADMIN_TOKEN")
                .peers(null, TIMEOUT).build()).environment(Map.of("ADMIN_TOKEN", TOKEN)::get);
    }

    @AfterEach
    void stop() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, backend}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        silent.close();
    }

    private static long cacheSize(Router router) throws IOException {
        String stats = RouterExtension.request(router.adminPort(), "GET", "/cache/stats").bodyText();
        return Long.parseLong(stats.replaceAll(".*\"size\":(\\d+).*", "$1"));
    }

    @Test
    void clusterScope_invalidatesTheReachablePeer_reportsTheSilentOne_withinTheTimeout() throws Exception {
        assertThat(RouterExtension.request(a.port(), "GET", TENANT).status()).isEqualTo(200);
        assertThat(RouterExtension.request(b.port(), "GET", TENANT).status()).isEqualTo(200);
        assertThat(cacheSize(a)).isEqualTo(1);
        assertThat(cacheSize(b)).isEqualTo(1);

        CompletableFuture<RawHttp.Response> call = CompletableFuture.supplyAsync(() -> {
            try {
                return RouterExtension.request(a.adminPort(), "POST",
                        "/cache/invalidate?project=p1&environment=e1&tenant=acme&scope=cluster");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        RawHttp.Response answer = call.get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).as("a peer did not answer").isEqualTo(502);
        assertThat(answer.bodyText())
                .contains("\"local\":204")
                .contains("{\"address\":\"127.0.0.1:" + b.adminPort() + "\",\"status\":204}")
                .contains("{\"address\":\"127.0.0.1:" + silent.getLocalPort() + "\",\"error\":\"timed out")
                .doesNotContain("127.0.0.1:" + a.adminPort());
        assertThat(cacheSize(a)).isZero();
        assertThat(cacheSize(b)).as("the peer's cache").isZero();
    }

    @Test
    void clusterScope_allPeersAnswering_is200_andInvalidateAllIsPassedOnToo() throws Exception {
        silent.close();
        a.close();
        a = router().peers(() -> List.of(new InetSocketAddress("127.0.0.1", b.adminPort()))).start();
        assertThat(RouterExtension.request(b.port(), "GET", TENANT).status()).isEqualTo(200);
        assertThat(cacheSize(b)).isEqualTo(1);

        RawHttp.Response answer = RouterExtension.request(a.adminPort(), "POST",
                "/cache/invalidate-all?scope=cluster");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).isEqualTo("{\"local\":204,\"peers\":[{\"address\":\"127.0.0.1:"
                + b.adminPort() + "\",\"status\":204}]}");
        assertThat(cacheSize(b)).isZero();
    }

    @Test
    void clusterScope_withoutPeers_is409_andABadScopeIs400_bothBeforeAnyChange() throws Exception {
        assertThat(RouterExtension.request(b.port(), "GET", TENANT).status()).isEqualTo(200);

        RawHttp.Response noPeers = RouterExtension.request(b.adminPort(), "POST",
                "/cache/invalidate-all?scope=cluster");
        RawHttp.Response badScope = RouterExtension.request(a.adminPort(), "POST",
                "/cache/invalidate-all?scope=everywhere");

        assertThat(noPeers.status()).isEqualTo(409);
        assertThat(noPeers.bodyText()).contains("admin.peers.dns");
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(cacheSize(b)).isEqualTo(1);
    }

    @Test
    void peersThatCannotBeResolved_areReported502_afterTheLocalInvalidation() throws Exception {
        a.close();
        a = router().peers(() -> {
            throw new UnknownHostException("peers.invalid");
        }).start();
        assertThat(RouterExtension.request(a.port(), "GET", TENANT).status()).isEqualTo(200);

        RawHttp.Response answer = RouterExtension.request(a.adminPort(), "POST",
                "/cache/invalidate-all?scope=cluster");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.bodyText()).isEqualTo("{\"local\":204,\"error\":\"the peers were not found: unknown host: "
                + "peers.invalid\",\"peers\":[]}");
        assertThat(cacheSize(a)).isZero();
    }

    @Test
    void peersFromDns_resolveAndLeaveThisRouterOut() throws Exception {
        b.close();
        b = new Router(TestConfigs.builder(backend.uri()).adminOnFreePort().peers("localhost", TIMEOUT).build())
                .start();

        RawHttp.Response answer = RouterExtension.request(b.adminPort(), "POST",
                "/cache/invalidate-all?scope=cluster");

        assertThat(answer.status()).as("localhost on this router's admin port is this router").isEqualTo(200);
        assertThat(answer.bodyText()).isEqualTo("{\"local\":204,\"peers\":[]}");
    }
}
