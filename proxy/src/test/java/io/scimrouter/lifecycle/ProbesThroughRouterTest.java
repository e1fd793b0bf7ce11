package io.scimrouter.lifecycle;

import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /livez} and {@code /readyz} on the admin listener, while the backend fails, recovers, and while draining. */
class ProbesThroughRouterTest {

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    private RawHttp.Response probe(String path) throws Exception {
        return RouterExtension.request(router.adminPort(), "GET", path);
    }

    @Test
    void readyz_isUnavailableWhileTheBackendIsDown_andReadyAfterItRecovers_livezAlways() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port);
        router.start(b -> b.adminOnFreePort().backend(down).readinessBackendFailures(2));
        assertThat(probe("/readyz").status()).isEqualTo(200);

        // refused (502), or not accepted in time (504) should another process have taken the freed port meanwhile:
        // both are failed connects
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).isIn(502, 504);
        assertThat(probe("/readyz").status()).as("one failure is below the threshold").isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).isIn(502, 504);

        RawHttp.Response unavailable = probe("/readyz");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Content-Type")).isEqualTo("application/json");
        assertThat(unavailable.bodyText()).startsWith("{\"status\":\"NOT_READY\",\"reason\":\"backend unreachable")
                .contains(down.toString());
        assertThat(probe("/livez").status()).isEqualTo(200);
        assertThat(probe("/health").status()).isEqualTo(200);

        try (ServerSocket back = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            // no traffic needed: the probe itself checks the backend once it counts as down
            RawHttp.Response ready = probe("/readyz");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.bodyText()).isEqualTo("{\"status\":\"READY\"}");
            assertThat(back.isBound()).isTrue();
        }
        assertThat(probe("/livez").status()).isEqualTo(200);
    }

    @Test
    void readyz_turns503AtTheStartOfADrain_whileLivezStays200() throws Exception {
        router.start(b -> b.adminOnFreePort().drain(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        Router r = router.router();
        assertThat(probe("/readyz").status()).isEqualTo(200);

        CompletableFuture<Router.DrainReport> drain = CompletableFuture.supplyAsync(() -> {
            try {
                return r.drain("test");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> r.readiness().isDraining());

        RawHttp.Response draining = probe("/readyz");
        assertThat(draining.status()).isEqualTo(503);
        assertThat(draining.bodyText()).isEqualTo("{\"status\":\"NOT_READY\",\"reason\":\"draining\"}");
        assertThat(probe("/livez").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).as("still served during the delay").isEqualTo(200);
        assertThat(drain.get(20, TimeUnit.SECONDS).clientsCut()).isZero();
    }
}
