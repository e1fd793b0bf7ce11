package io.scimrouter.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.ScimAssertions;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import io.scimrouter.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * https backends: their certificate must chain to backend.tls.caFile (or, without it, to the JDK's trust store) and
 * name the host the router connects to; anything else answers 502 and no request byte reaches the backend.
 */
class BackendTlsTest {
    private static final X509Bundle BACKEND_CA = TestPki.ca("backend test CA");
    private static final String USERS = "/scim/v2/p1/e1/Users";

    @TempDir
    Path dir;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    private TestBackend https;

    @AfterEach
    void closeBackend() {
        if (https != null) {
            https.close();
        }
    }

    @Test
    void aBackendCertificate_fromTheConfiguredCa_isTrusted() throws Exception {
        startBackend(TestPki.server(BACKEND_CA, 0xC1));
        router.start(TestConfigs.builder(https.uri()).backendCaFile(caFile(BACKEND_CA)).build());

        RawHttp.Response answer = router.get(USERS);

        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(200);
        assertThat(https.received()).hasSize(1);
        assertThat(https.received().get(0).target()).isEqualTo(USERS);
    }

    @Test
    void aBackendCertificate_fromAnotherCa_answers502() throws Exception {
        startBackend(TestPki.server(TestPki.ca("someone else's CA"), 0xC2));
        router.start(TestConfigs.builder(https.uri()).backendCaFile(caFile(BACKEND_CA)).build());

        RawHttp.Response answer = router.get(USERS);

        ScimAssertions.assertScimError(answer, 502);
        assertThat(https.received()).isEmpty();
    }

    @Test
    void withoutACaFile_theJdksTrustStoreDecides_andDoesNotKnowATestCa() throws Exception {
        startBackend(TestPki.server(BACKEND_CA, 0xC3));
        router.start(TestConfigs.builder(https.uri()).build());

        ScimAssertions.assertScimError(router.get(USERS), 502);
        assertThat(https.received()).isEmpty();
    }

    @Test
    void aTrustedCertificate_forAnotherHost_answers502() throws Exception {
        startBackend(TestPki.serverFor(BACKEND_CA, "scim-legacy.internal"));
        router.start(TestConfigs.builder(https.uri()).backendCaFile(caFile(BACKEND_CA)).build());

        ScimAssertions.assertScimError(router.get(USERS), 502);
        assertThat(https.received()).isEmpty();
    }

    private void startBackend(X509Bundle certificate) throws InterruptedException, SSLException {
        SslContext tls = SslContextBuilder.forServer(certificate.getKeyPair().getPrivate(),
                certificate.getCertificatePath()).build();
        https = new TestBackend(tls);
    }

    private Path caFile(X509Bundle ca) {
        return TestPki.writeCertificate(dir.resolve("backend-ca.crt"), ca);
    }
}
