package io.scimrouter.server;

import io.scimrouter.config.RouterConfig.Server.SocketTransport;
import io.scimrouter.net.Transport;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * server.transport: every socket transport that works on this machine carries the same exchange the same way (a
 * large request body byte-exact to the backend, a large answer rewritten into the tenant's URLs, the connection kept),
 * and the router runs on the one asked for.
 */
class TransportsTest {
    private static final String ACME_USERS = "/scim/v2/p1/e1/v2/acme/Users";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    @ParameterizedTest
    @EnumSource(SocketTransport.class)
    void everyTransport_carriesBodiesWhole_andRewritesTheTenantsUrls(SocketTransport setting) throws Exception {
        Transport expected = setting == SocketTransport.AUTO ? Transport.best() : available(setting);
        String location = router.backend().uri() + "/scim/v2/p1/e1/Users/7";
        String pad = "x".repeat(600_000); // several socket reads and writes each way
        router.backend().respond(TestBackend.ok("{\"id\":\"7\",\"pad\":\"" + pad + "\",\"meta\":{\"location\":\""
                + location + "\"}}"));
        router.start(b -> b.transport(setting));
        String upload = "{\"userName\":\"bjensen\",\"pad\":\"" + "y".repeat(700_000) + "\"}";

        try (RawHttp http = router.connect()) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response answer = http.request("POST", ACME_USERS,
                        Map.of("Host", RouterExtension.HOST, "Content-Type", "application/scim+json"), upload);

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.complete()).isTrue();
                assertThat(answer.bodyText()).isEqualTo("{\"id\":\"7\",\"pad\":\"" + pad
                        + "\",\"meta\":{\"location\":\"http://scim.example.com" + ACME_USERS + "/7\"}}");
            }
        }
        assertThat(router.backend().received()).hasSize(2).allSatisfy(received -> {
            assertThat(received.bodyBytes()).isEqualTo(upload.length());
            assertThat(received.bodySha256()).isEqualTo(sha256(upload));
        });
        assertThat(router.router().transportName()).isEqualTo(expected.name());
    }

    private static Transport available(SocketTransport setting) {
        Transport.Kind kind = Transport.Kind.valueOf(setting.name());
        String why = Transport.whyUnavailable(kind);
        assumeTrue(why == null, why);
        return Transport.of(kind);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
