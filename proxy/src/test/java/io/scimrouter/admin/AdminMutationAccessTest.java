package io.scimrouter.admin;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.scimrouter.config.ReloadOutcome;
import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.lifecycle.Readiness;
import io.scimrouter.tenant.StaticTenantDirectory;
import io.scimrouter.tenant.TenantCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin handler as a caller from another host sees it: its channel reports a documentation address
 * (192.0.2.10, TEST-NET-1) as the remote end, so the loopback rule does not apply. No traffic leaves the JVM.
 */
class AdminMutationAccessTest {
    private static final String TOKEN = "0123456789abcdef-admin-token";
    private final TenantCache cache = new TenantCache(
            new StaticTenantDirectory(List.of(new StaticTenants("p1", "e1", List.of("acme"))), null,
                    Duration.ofSeconds(1)),
            new TenantCache.Settings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10), 100,
                    false, Duration.ofSeconds(5)),
            Ticker.systemTicker(), Runnable::run);
    private EmbeddedChannel channel;

    /** An embedded channel whose peer is {@code remote}. */
    private static final class RemoteChannel extends EmbeddedChannel {
        private final SocketAddress remote;

        RemoteChannel(SocketAddress remote, AdminRequestHandler handler) {
            super(false, false);
            this.remote = remote;
            pipeline().addLast(handler);
            try {
                register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        cache.close();
    }

    private FullHttpResponse call(String remoteIp, AdminAccess access, HttpMethod method, String uri,
                                  String authorization) {
        Readiness ready = new Readiness(1);
        ready.started();
        channel = new RemoteChannel(new InetSocketAddress(remoteIp, 40_000),
                new AdminRequestHandler(new AdminEndpoints(cache, null, ready, null, access)));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER);
        if (authorization != null) {
            request.headers().set("Authorization", authorization);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).isNotNull();
        return response;
    }

    private static String body(FullHttpResponse response) {
        String text = response.content().toString(StandardCharsets.UTF_8);
        response.release();
        return text;
    }

    @Test
    void mutatingEndpoints_refuseAnotherHost_withoutTheToken() {
        FullHttpResponse all = call("192.0.2.10", AdminAccess.withToken(TOKEN), HttpMethod.POST,
                "/cache/invalidate-all", null);
        assertThat(all.status().code()).isEqualTo(403);
        assertThat(body(all)).contains("\"status\":403").contains("admin token");

        FullHttpResponse one = call("192.0.2.10", AdminAccess.withToken(TOKEN), HttpMethod.POST,
                "/cache/invalidate?project=p1&environment=e1&tenant=acme", "Bearer not-the-token");
        assertThat(one.status().code()).isEqualTo(403);
        one.release();

        FullHttpResponse noTokenConfigured = call("192.0.2.10", AdminAccess.loopbackOnly(), HttpMethod.POST,
                "/cache/invalidate-all", "Bearer " + TOKEN);
        assertThat(noTokenConfigured.status().code()).isEqualTo(403);
        noTokenConfigured.release();
    }

    @Test
    void configReload_refusesAnotherHost_withoutTheToken_andIsNeverCalled() {
        AtomicInteger reloads = new AtomicInteger();
        ConfigReload reload = () -> {
            reloads.incrementAndGet();
            return CompletableFuture.completedFuture(ReloadOutcome.unchanged());
        };
        Readiness ready = new Readiness(1);
        ready.started();
        AdminEndpoints endpoints = new AdminEndpoints(() -> cache, null, ready, null, AdminAccess.withToken(TOKEN),
                reload, null);
        channel = new RemoteChannel(new InetSocketAddress("192.0.2.10", 40_000), new AdminRequestHandler(endpoints));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/config/reload",
                Unpooled.EMPTY_BUFFER));
        FullHttpResponse refused = channel.readOutbound();
        assertThat(refused.status().code()).isEqualTo(403);
        refused.release();
        assertThat(reloads).hasValue(0);

        FullHttpRequest withToken = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/config/reload", Unpooled.EMPTY_BUFFER);
        withToken.headers().set("Authorization", "Bearer " + TOKEN);
        channel.writeInbound(withToken);
        FullHttpResponse answered = channel.readOutbound();
        assertThat(answered.status().code()).isEqualTo(200);
        assertThat(body(answered)).contains("\"result\":\"unchanged\"");
        assertThat(reloads).hasValue(1);
    }

    @Test
    void mutatingEndpoints_acceptAnotherHost_withTheToken() {
        FullHttpResponse all = call("192.0.2.10", AdminAccess.withToken(TOKEN), HttpMethod.POST,
                "/cache/invalidate-all", "Bearer " + TOKEN);
        assertThat(all.status().code()).isEqualTo(204);
        all.release();
    }

    @Test
    void mutatingEndpoints_acceptLoopback_withoutAToken() {
        FullHttpResponse all = call("127.0.0.1", AdminAccess.loopbackOnly(), HttpMethod.POST,
                "/cache/invalidate-all", null);
        assertThat(all.status().code()).isEqualTo(204);
        all.release();
    }

    @Test
    void readOnlyEndpoints_answerAnotherHost_withoutAToken() {
        for (String path : List.of("/livez", "/readyz", "/health", "/cache/stats")) {
            FullHttpResponse response = call("192.0.2.10", AdminAccess.withToken(TOKEN), HttpMethod.GET, path,
                    null);
            assertThat(response.status().code()).as(path).isEqualTo(200);
            response.release();
            channel.finishAndReleaseAll();
            channel = null;
        }
    }
}
