package io.scimrouter.server;

import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Forwarded-* from a client are believed only when its connection comes from server.trustedProxies; otherwise
 * the router's own view stands, for the backend's headers and for the scheme of the URLs it rewrites.
 */
class TrustedProxiesTest {
    private static final String ACME_USER = "/scim/v2/p1/e1/v2/acme/Users/7";
    private static final String[] SPOOFED = {"X-Forwarded-Proto: https", "X-Forwarded-For: 6.6.6.6",
        "X-Forwarded-Host: evil.example", "Forwarded: for=6.6.6.6;proto=https;host=evil.example"};

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    /** The backend answers with its own URLs, which the router rewrites into the client's form. */
    private void backendAnswersWithItsUrls() {
        String legacyUrl = router.backend().uri() + "/scim/v2/p1/e1/Users/7";
        router.backend().respond((req, ctx) -> {
            var r = TestBackend.json(200, "{\"id\":\"7\",\"meta\":{\"location\":\"" + legacyUrl + "\"}}");
            r.headers().set("Content-Location", legacyUrl);
            ctx.writeAndFlush(r);
        });
    }

    @Test
    void spoofedForwardingHeaders_fromAnUntrustedPeer_changeNothing() throws Exception {
        router.start(b -> b); // server.trustedProxies: none
        backendAnswersWithItsUrls();

        RawHttp.Response plain = router.get(ACME_USER);
        RawHttp.Response spoofed = router.get(ACME_USER, SPOOFED);

        assertThat(spoofed.status()).isEqualTo(200);
        assertThat(spoofed.header("Content-Location")).isEqualTo("http://scim.example.com" + ACME_USER);
        assertThat(spoofed.bodyText()).contains("\"http://scim.example.com" + ACME_USER + "\"")
                .isEqualTo(plain.bodyText());
        TestBackend.Received first = router.backend().received().get(0);
        TestBackend.Received second = router.backend().received().get(1);
        for (String name : new String[] {"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"}) {
            assertThat(second.headers().getAll(name)).as(name).isEqualTo(first.headers().getAll(name));
        }
        assertThat(second.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(second.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(second.headers().get("X-Forwarded-Host")).isEqualTo("scim.example.com");
        assertThat(second.headers().contains("Forwarded")).isFalse();
    }

    @Test
    void aListThatDoesNotHoldThePeer_trustsNothing() throws Exception {
        router.start(b -> b.trustedProxies("10.0.0.0/8", "::1"));
        backendAnswersWithItsUrls();

        RawHttp.Response spoofed = router.get(ACME_USER, SPOOFED);

        assertThat(spoofed.header("Content-Location")).startsWith("http://scim.example.com/");
        assertThat(router.backend().received().get(0).headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardingHeaders_fromATrustedPeer_areBelieved() throws Exception {
        router.start(b -> b.trustedProxies("127.0.0.0/8"));
        backendAnswersWithItsUrls();

        RawHttp.Response r = router.get(ACME_USER, SPOOFED);

        assertThat(r.header("Content-Location")).isEqualTo("https://scim.example.com" + ACME_USER);
        assertThat(r.bodyText()).contains("\"https://scim.example.com" + ACME_USER + "\"");
        TestBackend.Received received = router.backend().received().get(0);
        assertThat(received.headers().get("X-Forwarded-For")).isEqualTo("6.6.6.6, 127.0.0.1");
        assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(received.headers().get("X-Forwarded-Host")).isEqualTo("evil.example");
        assertThat(received.headers().get("Forwarded")).isEqualTo("for=6.6.6.6;proto=https;host=evil.example");
    }

    @Test
    void aTrustedPeer_withoutForwardingHeaders_getsTheRoutersOwnView() throws Exception {
        router.start(b -> b.trustedProxies("127.0.0.1"));
        backendAnswersWithItsUrls();

        RawHttp.Response r = router.get(ACME_USER, "X-Forwarded-Proto: gopher");

        assertThat(r.header("Content-Location")).isEqualTo("http://scim.example.com" + ACME_USER);
        TestBackend.Received received = router.backend().received().get(0);
        assertThat(received.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.headers().get("X-Forwarded-Host")).isEqualTo("scim.example.com");
    }

    @Test
    void legacyRoute_getsTheSameForwardingHeaders() throws Exception {
        router.start(b -> b);

        router.get("/scim/v2/p1/e1/Users", SPOOFED);

        TestBackend.Received received = router.backend().received().get(0);
        assertThat(received.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.headers().get("X-Forwarded-Host")).isEqualTo("scim.example.com");
        assertThat(received.headers().contains("Forwarded")).isFalse();
    }
}
