package io.scimrouter.tenant.it;

import io.netty.handler.codec.http.FullHttpResponse;
import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No tenant oracle (tenants.unknown.verifyCaller): before an unknown tenant's 404 the router asks the legacy backend
 * about the caller's credential, so a caller without a valid one hears the same for known and unknown tenants.
 */
class NoTenantOracleThroughRouterTest {
    private static final String GOOD = "Authorization: Bearer good-token";
    private static final String BAD = "Authorization: Bearer stolen-or-made-up";
    private static final String KNOWN = "/scim/v2/p1/e1/v2/acme/Users";
    private static final String UNKNOWN = "/scim/v2/p1/e1/v2/nosuch/Users";
    private static final String REFUSAL = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
            + "\"status\":\"401\",\"detail\":\"The backend's own words\"}";
    private static final Tenants.Unknown CHECK = new Tenants.Unknown(true,
            "{basePath}/{project}/{environment}/Users?count=0", Duration.ofSeconds(60), 100);

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().config(b -> b.unknownTenants(CHECK));

    /** A backend that refuses any credential but one, with its own body and challenge, on every path. */
    @BeforeEach
    void backendChecksCredentials() {
        router.backend().respond((req, ctx) -> {
            String auth = req.headers().get("Authorization");
            if (auth == null || !auth.equals("Bearer good-token")) {
                int status = "Bearer forbidden-token".equals(auth) ? 403 : 401;
                FullHttpResponse refusal = TestBackend.json(status, REFUSAL.replace("401", "" + status));
                refusal.headers().set("WWW-Authenticate", "Bearer realm=\"scim\"");
                ctx.writeAndFlush(refusal);
            } else {
                ctx.writeAndFlush(TestBackend.json(200, "{\"totalResults\":0,\"Resources\":[]}"));
            }
        });
    }

    @Test
    void unauthenticatedCaller_getsTheSameAnswerForKnownAndUnknownTenants() throws Exception {
        RawHttp.Response known = router.get(KNOWN);
        RawHttp.Response unknown = router.get(UNKNOWN);

        assertThat(known.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(known.status());
        assertThat(unknown.bodyText()).isEqualTo(known.bodyText()).isEqualTo(REFUSAL);
        assertThat(unknown.header("Content-Type")).isEqualTo(known.header("Content-Type"));
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo(known.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"scim\"");
    }

    @Test
    void unauthenticatedCaller_getsByteIdenticalHeads_forKnownAndUnknownTenants() throws Exception {
        router.backend().respond((req, ctx) -> {
            FullHttpResponse refusal = TestBackend.json(401, REFUSAL);
            refusal.headers().set("WWW-Authenticate", "Bearer realm=\"scim\"").set("X-Backend-Trace", "abc");
            ctx.writeAndFlush(refusal);
        });

        assertThat(rawAnswer(UNKNOWN)).isEqualTo(rawAnswer(KNOWN));
    }

    /**
     * The whole answer as bytes: status line, header names in their letter case and order, body. The request id is
     * the client's: a generated one starts with its event loop's random prefix, and two connections may land on
     * different loops.
     */
    private String rawAnswer(String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", router.port())) {
            socket.getOutputStream().write(RouterExtension.head("GET", target, "Connection: close",
                            "X-Request-Id: oracle-probe")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void wrongCredential_getsTheSameAnswerForKnownAndUnknownTenants() throws Exception {
        RawHttp.Response known = router.get(KNOWN, BAD);
        RawHttp.Response unknown = router.get(UNKNOWN, BAD);

        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(401);
        assertThat(unknown.bodyText()).isEqualTo(known.bodyText());
    }

    @Test
    void forbiddenCredential_getsTheBackends403() throws Exception {
        RawHttp.Response known = router.get(KNOWN, "Authorization: Bearer forbidden-token");
        RawHttp.Response unknown = router.get(UNKNOWN, "Authorization: Bearer forbidden-token");

        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(403);
        assertThat(unknown.bodyText()).isEqualTo(known.bodyText());
    }

    @Test
    void validCaller_stillHears404ForTheUnknownTenant_and200ForTheKnownOne() throws Exception {
        assertScimError(router.get(UNKNOWN, GOOD), 404, "Unknown tenant 'nosuch'");
        assertThat(router.get(KNOWN, GOOD).status()).isEqualTo(200);
    }

    @Test
    void check_isACheapLegacyRequest_withTheCallersCredential_andNoTenantHeader() throws Exception {
        router.get(UNKNOWN, GOOD, "X-Tenant-Id: spoofed");

        assertThat(router.backend().received()).hasSize(1);
        TestBackend.Received check = router.backend().received().get(0);
        assertThat(check.method()).isEqualTo("GET");
        assertThat(check.target()).isEqualTo("/scim/v2/p1/e1/Users?count=0");
        assertThat(check.headers().get("Authorization")).isEqualTo("Bearer good-token");
        assertThat(check.headers().contains("X-Tenant-Id")).isFalse();
        assertThat(check.headers().get("Host")).isEqualTo(RouterExtension.HOST);
    }

    @Test
    void verdict_isRememberedPerCredential() throws Exception {
        router.get(UNKNOWN, GOOD);
        router.get("/scim/v2/p1/e1/v2/other/Users", GOOD);
        router.get(UNKNOWN, BAD);
        router.get(UNKNOWN, BAD);
        router.get(UNKNOWN);

        assertThat(router.backend().received()).extracting(r -> r.headers().get("Authorization"))
                .as("one check per credential, none repeated within the TTL")
                .containsExactly("Bearer good-token", "Bearer stolen-or-made-up", null);
    }

    @Test
    void oversizedRefusal_isReplacedByTheRoutersScimError_withTheSameStatusAndChallenge() throws Exception {
        String big = "{\"detail\":\"" + "x".repeat(20_000) + "\"}";
        router.backend().respond((req, ctx) -> {
            FullHttpResponse refusal = TestBackend.json(401, big);
            refusal.headers().set("WWW-Authenticate", "Bearer");
            ctx.writeAndFlush(refusal);
        });

        RawHttp.Response unknown = router.get(UNKNOWN);

        assertScimError(unknown, 401);
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void backendFailingTheCheck_is502_neverA404() throws Exception {
        router.backend().respond((req, ctx) -> ctx.writeAndFlush(TestBackend.json(500, "{}")));

        assertScimError(router.get(UNKNOWN, GOOD), 502);
        assertScimError(router.get(UNKNOWN, GOOD), 502); // a failure is not remembered: asked again
        assertThat(router.backend().received()).hasSize(2);
    }

    @Test
    void backendUnreachable_knownAndUnknownTenantGetTheSame502() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        URI unreachable = closed;
        router.start(b -> b.backend(unreachable));

        RawHttp.Response known = router.get(KNOWN);
        RawHttp.Response unknown = router.get(UNKNOWN);

        assertScimError(unknown, 502);
        assertThat(unknown.bodyText()).isEqualTo(known.bodyText());
    }

    @Test
    void checkOff_answers404AtOnce_withoutAskingTheBackend() throws Exception {
        router.start(b -> b.unknownTenants(Tenants.Unknown.OFF));

        assertScimError(router.get(UNKNOWN), 404);
        assertThat(router.backend().received()).isEmpty();
    }
}
