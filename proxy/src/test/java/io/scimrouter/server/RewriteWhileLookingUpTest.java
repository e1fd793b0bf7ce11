package io.scimrouter.server;

import io.scimrouter.rewrite.RewriterKind;
import io.scimrouter.tenant.TenantDecision;
import io.scimrouter.tenant.TenantQuery;
import io.scimrouter.tenant.TenantResolver;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A body that arrives while the tenant lookup is still running goes through the rewriter all the same. */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class RewriteWhileLookingUpTest {
    /** The router's body rewriters: every test runs with the scanner and with the jackson reference. */
    @Parameter
    RewriterKind rewriter;

    private final CompletableFuture<TenantDecision> pending = new CompletableFuture<>();
    private final CountDownLatch asked = new CountDownLatch(1);

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().rewriters(() -> rewriter)
            .tenants(config -> new TenantResolver() {
                @Override
                public CompletableFuture<TenantDecision> resolve(TenantQuery query) {
                    asked.countDown();
                    return pending;
                }
            });

    @Test
    void requestRefs_queuedDuringTheLookup_reachTheBackendInLegacyForm() throws Exception {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\","
                + "\"members\":[{\"value\":\"7\",\"$ref\":\"http://scim.example.com/scim/v2/p1/e1/v2/acme/Users/7\"}]}";
        try (RawHttp http = router.connect()) {
            http.send("POST /scim/v2/p1/e1/v2/acme/Groups HTTP/1.1\r\nHost: scim.example.com\r\n"
                    + "Content-Type: application/scim+json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            pending.complete(new TenantDecision.Known("acme", null));
            assertThat(http.read().status()).isEqualTo(200);
        }
        TestBackend.Received r = router.backend().received().get(0);
        assertThat(r.body()).isEqualTo(body.replace("/p1/e1/v2/acme/Users/7", "/p1/e1/Users/7"));
        assertThat(r.headers().get("Content-Length")).isEqualTo(String.valueOf(r.bodyBytes()));
        assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("acme");
    }
}
