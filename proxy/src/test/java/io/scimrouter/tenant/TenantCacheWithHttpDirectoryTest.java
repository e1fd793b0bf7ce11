package io.scimrouter.tenant;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cache in front of the HTTP directory, built as production builds it, with WireMock as the directory. */
class TenantCacheWithHttpDirectoryTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration MAX_STALE = Duration.ofMinutes(10);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
    private static final String ACME = "/dir/p1/e1/tenants/acme";

    private final ManualTicker ticker = new ManualTicker();
    private WireMockServer wireMock;
    private TenantCache cache;

    @BeforeEach
    void startDirectory() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        wireMock.start();
    }

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        wireMock.stop();
    }

    private TenantCache cache(boolean forwardCallerAuthorization) {
        Tenants config = new Tenants(List.of(), null,
                new Tenants.Http(
                        "http://127.0.0.1:" + wireMock.port() + "/dir/{project}/{environment}/tenants/{tenant}",
                        Duration.ofSeconds(15), "DIR_TOKEN", forwardCallerAuthorization),
                new Tenants.Cache(TTL, MAX_STALE, NEGATIVE_TTL, 10_000));
        cache = TenantResolvers.create(config, ticker, Runnable::run, Map.of("DIR_TOKEN", "t0ken")::get,
                TenantResolvers.DEFAULT_FILE_POLL_INTERVAL);
        return cache;
    }

    private TenantDecision resolve(String project, String tenant, String authorization) {
        return cache.resolve(new TenantQuery(project, "e1", tenant, authorization)).join();
    }

    private TenantDecision resolve(String tenant) {
        return resolve("p1", tenant, null);
    }

    private void stub(MappingBuilder mapping) {
        wireMock.stubFor(mapping);
    }

    private int directoryRequests(String path) {
        return wireMock.countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
    }

    @Test
    void singleFlight_thousandConcurrentResolvesOfAColdTenant_makeOneDirectoryRequest() throws Exception {
        // the delay keeps the one call in flight while every resolve arrives
        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{\"tenantKey\":\"acme\"}").withFixedDelay(300)));
        cache(false);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<CompletableFuture<TenantDecision>>> submitted = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return cache.resolve(new TenantQuery("p1", "e1", "acme", null));
                }, callers));
            }
            start.countDown();

            for (CompletableFuture<CompletableFuture<TenantDecision>> resolve : submitted) {
                assertThat(resolve.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS))
                        .isEqualTo(new TenantDecision.Known("acme", null));
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(directoryRequests(ACME)).isEqualTo(1);
        assertThat(cache.stats().loadSuccessCount()).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refresh_afterTtl_isServedFromCache_andTheChangedAnswerTakesEffectAfterwards() {
        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{\"tenantKey\":\"acme-v1\"}")));
        cache(false);
        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Known("acme-v1", null));

        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{\"tenantKey\":\"acme-v2\"}").withFixedDelay(200)));
        ticker.advance(TTL.plusSeconds(1));
        CompletableFuture<TenantDecision> whileRefreshing = cache.resolve(new TenantQuery("p1", "e1", "acme", null));

        assertThat(whileRefreshing).isCompletedWithValue(new TenantDecision.Known("acme-v1", null));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> resolve("acme"), decision -> decision.equals(new TenantDecision.Known("acme-v2", null)));
        assertThat(directoryRequests(ACME)).isEqualTo(2);
    }

    @Test
    void directoryDown_knownServedUntilMaxStale_unknownUnavailable_thenBackToNormal() {
        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{}")));
        cache(false);
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);

        stub(get(urlPathEqualTo(ACME)).willReturn(aResponse().withStatus(503)));
        stub(get(urlPathEqualTo("/dir/p1/e1/tenants/newco")).willReturn(aResponse().withStatus(503)));
        ticker.advance(TTL.plusSeconds(1));
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.stats().loadFailureCount() == 1);
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("newco")).isEqualTo(new TenantDecision.Unavailable(5, "tenant directory unavailable"));

        ticker.advance(MAX_STALE);
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Unavailable.class);

        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{}")));
        stub(get(urlPathEqualTo("/dir/p1/e1/tenants/newco")).willReturn(okJson("{}")));
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("newco")).isInstanceOf(TenantDecision.Known.class);
    }

    @Test
    void notFound_isCachedForNegativeTtl_andNotLonger() {
        cache(false); // WireMock answers 404 for anything not stubbed
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Unknown.class);
        stub(get(urlPathEqualTo("/dir/p1/e1/tenants/ghost")).willReturn(okJson("{}")));

        ticker.advance(NEGATIVE_TTL.minusMillis(1));
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Unknown.class);
        ticker.advance(Duration.ofMillis(2));
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Known.class);
        assertThat(directoryRequests("/dir/p1/e1/tenants/ghost")).isEqualTo(2);
    }

    @Test
    void key_includesProjectAndEnvironment() {
        stub(get(urlPathEqualTo(ACME)).willReturn(okJson("{}")));
        cache(false);

        assertThat(resolve("p1", "acme", null)).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("p2", "acme", null)).isInstanceOf(TenantDecision.Unknown.class);
        assertThat(resolve("p1", "acme", null)).isInstanceOf(TenantDecision.Known.class);
        assertThat(directoryRequests(ACME)).isEqualTo(1);
        assertThat(directoryRequests("/dir/p2/e1/tenants/acme")).isEqualTo(1);
    }

    @Test
    void forwardCallerAuthorization_callersDoNotShareEntries_andA401BecomesDenied401() {
        stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer alice")).willReturn(okJson("{}")));
        stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer bob")).willReturn(okJson("{}")));
        stub(get(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer mallory"))
                .willReturn(aResponse().withStatus(401)));
        cache(true);

        assertThat(resolve("p1", "acme", "Bearer alice")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("p1", "acme", "Bearer bob")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("p1", "acme", "Bearer alice")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("p1", "acme", "Bearer mallory")).isEqualTo(new TenantDecision.Denied(401));
        assertThat(resolve("p1", "acme", null)).isEqualTo(new TenantDecision.Denied(401));

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer alice")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(ACME)).withHeader("Authorization", equalTo("Bearer bob")));
        assertThat(directoryRequests(ACME)).isEqualTo(3);
    }
}
