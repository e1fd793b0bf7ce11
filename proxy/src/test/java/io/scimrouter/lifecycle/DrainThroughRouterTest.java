package io.scimrouter.lifecycle;

import io.scimrouter.Router;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The drain, in-process: what a client sees of it; the child-process test (DrainIT) does the same to the jar. */
class DrainThroughRouterTest {
    static final String SLOW_BODY = "{\"id\":\"slow\",\"pad\":\"" + "x".repeat(4000) + "\"}";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    /** Answers after {@code delay}: the whole answer at once. */
    static TestBackend.Responder slowly(Duration delay) {
        return (req, ctx) -> ctx.executor().schedule(() -> ctx.writeAndFlush(TestBackend.json(200, SLOW_BODY)),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Router.DrainReport> drainAsync() {
        Router r = router.router();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return r.drain("test");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void inFlightExchange_completesWhole_withConnectionClose_newConnectionsAreRefused() throws Exception {
        router.start(b -> b.adminOnFreePort());
        router.backend().respond(slowly(Duration.ofSeconds(2)));
        int port = router.port();
        try (RawHttp idle = router.connect(); RawHttp busy = router.connect()) {
            idle.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/0"));
            assertThat(idle.read().status()).as("an exchange before the drain; then idle").isEqualTo(200);
            busy.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/1"));
            await().until(() -> router.backend().received().size() == 2);
            long start = System.nanoTime();

            CompletableFuture<Router.DrainReport> drain = drainAsync();

            await().until(() -> RawHttp.connectionRefused(port));
            assertThat(idle.awaitClose()).as("an idle connection is closed at once").isEqualTo(RawHttp.Close.FIN);
            assertThat(RouterExtension.request(router.adminPort(), "GET", "/readyz").status()).isEqualTo(503);
            RawHttp.Response answer = busy.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).isTrue();
            assertThat(answer.bodyText()).isEqualTo(SLOW_BODY);
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(busy.awaitClose()).isEqualTo(RawHttp.Close.FIN);
            Router.DrainReport report = drain.get(30, TimeUnit.SECONDS);
            assertThat(report.clientsCut()).isZero();
            assertThat(report.idleClientsClosed()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void drainTimeout_cutsAnAnswerInProgress_neverPassingItOffAsWhole() throws Exception {
        router.start(b -> b.adminOnFreePort().drain(Duration.ZERO, Duration.ofSeconds(1)));
        router.backend().respond(TestBackend.halfNowRestAfter(Duration.ofSeconds(5)));
        try (RawHttp busy = router.connect()) {
            busy.send(RouterExtension.head("GET", "/scim/v2/p1/e1/Users/1"));
            await().until(() -> busy.available() > 0); // the head and the first bytes are through

            Router.DrainReport report = drainAsync().get(30, TimeUnit.SECONDS);

            assertThat(report.clientsCut()).isEqualTo(1);
            assertThat(cutOrIncomplete(busy)).as("the client sees the cut").isTrue();
            assertThat(router.router().metrics().count("scim.router.response.flags", "flag", "DRN")).isEqualTo(1.0);
        }
    }

    /** True when reading the answer fails or ends short of its length: never a whole-looking answer. */
    static boolean cutOrIncomplete(RawHttp http) {
        try {
            RawHttp.Response answer = http.read();
            return !answer.complete();
        } catch (IOException e) {
            return true;
        }
    }
}
