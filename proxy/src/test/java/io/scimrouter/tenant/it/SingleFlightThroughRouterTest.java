package io.scimrouter.tenant.it;

import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single flight end to end: a thousand client connections ask for one cold tenant at once; the directory is asked
 * once and every request reaches the router.backend().
 */
class SingleFlightThroughRouterTest {
    private static final int CLIENTS = 1000;

    private final ManualTicker ticker = new ManualTicker();
    private final HeldAnswers held = new HeldAnswers();
    private final List<RawHttp> clients = new ArrayList<>();
    private final WireMockDirectory directory = new WireMockDirectory(held);

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker)
            .config(b -> b.tenants(directory.tenants(false, TickedRouter.CACHE)));

    @AfterEach
    void stop() throws Exception {
        held.release();
        for (RawHttp client : clients) {
            client.close();
        }
        directory.close();
    }

    @Test
    void thousandConcurrentRequestsForAColdTenant_makeOneDirectoryRequest_andAllAreForwarded() throws Exception {
        directory.found("p1", "e1", "acme", "{\"tenantKey\":\"acme\"}");
        for (int i = 0; i < CLIENTS; i++) {
            RawHttp client = router.connect();
            clients.add(client);
            client.send(RouterExtension.head("GET", "/scim/v2/p1/e1/v2/acme/Users/" + i));
        }

        // every request has reached the cache (one miss, the rest join the load in flight) before the answer leaves
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var stats = router.tenantCache().stats();
            return stats.hitCount() + stats.missCount() == CLIENTS;
        });
        assertThat(router.tenantCache().stats().missCount()).isEqualTo(1);
        assertThat(router.backend().received()).isEmpty();
        held.release();

        for (int i = 0; i < CLIENTS; i++) {
            assertThat(clients.get(i).read().status()).as("request %d", i).isEqualTo(200);
        }
        assertThat(directory.requests("p1", "e1", "acme")).isEqualTo(1);
        assertThat(router.backend().received()).hasSize(CLIENTS)
                .allSatisfy(r -> assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("acme"));
        assertThat(router.backend().received()).extracting(TestBackend.Received::target).doesNotHaveDuplicates();
    }
}
