package io.scimrouter.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.scimrouter.config.RouterConfig.Admin;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.tenant.StaticTenantDirectory;
import io.scimrouter.tenant.TenantCache;
import io.scimrouter.tenant.TenantQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The admin endpoints over a real loopback socket. */
class AdminServerTest {
    private static final Admin LOOPBACK_ANY_PORT = new Admin("127.0.0.1", 0, null, new Admin.Readiness(3));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private EventLoopGroup group;
    private TenantCache cache;
    private AdminServer server;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        cache = new TenantCache(
                new StaticTenantDirectory(List.of(new StaticTenants("p1", "e1", List.of("acme", "beta"))), null,
                        Duration.ofSeconds(1)),
                new TenantCache.Settings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10), 100,
                        false, Duration.ofSeconds(5)),
                Ticker.systemTicker(), Runnable::run);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        cache.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> json(String body) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(body)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.put(name, parser.getText());
            }
        }
        return fields;
    }

    private void resolve(String tenant) {
        cache.resolve(new TenantQuery("p1", "e1", tenant, null)).join();
    }

    @Test
    void health_isUp() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);

        HttpResponse<String> response = call("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(response.body())).containsExactlyEntriesOf(Map.of("status", "UP"));
    }

    @Test
    void stats_reportTheCacheCounters() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);
        resolve("acme");
        resolve("acme");
        resolve("acme");
        resolve("ghost");

        HttpResponse<String> response = call("GET", "/cache/stats");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> stats = json(response.body());
        assertThat(stats).containsEntry("size", "2")
                .containsEntry("hitCount", "2")
                .containsEntry("missCount", "2")
                .containsEntry("hitRate", "0.5")
                .containsEntry("loadSuccessCount", "2")
                .containsEntry("loadFailureCount", "0")
                .containsEntry("evictionCount", "0");
    }

    @Test
    void invalidate_oneTenant_thenAll() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);
        resolve("acme");
        resolve("beta");

        assertThat(call("POST", "/cache/invalidate?project=p1&environment=e1&tenant=acme").statusCode())
                .isEqualTo(204);
        assertThat(cache.stats().size()).isEqualTo(1);
        resolve("beta");
        assertThat(cache.stats().hitCount()).isEqualTo(1);

        assertThat(call("POST", "/cache/invalidate-all").statusCode()).isEqualTo(204);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void invalidate_withoutAllParameters_isBadRequest() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);

        HttpResponse<String> response = call("POST", "/cache/invalidate?project=p1&tenant=acme");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body())).containsEntry("status", "400");
    }

    @Test
    void unknownPath_is404_andWrongMethod_is405WithAllow() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);

        HttpResponse<String> missing = call("GET", "/nope");
        HttpResponse<String> wrongMethod = call("GET", "/cache/invalidate-all");
        HttpResponse<String> postHealth = call("POST", "/health");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body())).containsEntry("error", "no such admin endpoint");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void withoutCache_cacheEndpointsAre404_healthStillUp() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, (TenantCache) null, group);

        assertThat(call("GET", "/cache/stats").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/cache/invalidate-all").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void keepAlive_servesSeveralRequestsOnOneConnection_andCloseStopsListening() throws Exception {
        server = AdminServer.start(LOOPBACK_ANY_PORT, cache, group);
        for (int i = 0; i < 5; i++) {
            assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
        }
        int port = server.port();

        server.close();
        server = null;

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void disabledPort_isRefused() {
        Admin disabled = new Admin("127.0.0.1", -1, null, new Admin.Readiness(3));
        assertThatThrownBy(() -> AdminServer.start(disabled, cache, group))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void epollGroup_isServedWithEpollChannels() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll not available here");
        EventLoopGroup epollGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (AdminServer epollServer = AdminServer.start(LOOPBACK_ANY_PORT, cache, epollGroup)) {
            server = epollServer;
            assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
        } finally {
            server = null;
            epollGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
