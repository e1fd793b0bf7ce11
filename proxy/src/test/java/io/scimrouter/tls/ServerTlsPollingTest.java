package io.scimrouter.tls;

import io.netty.pkitesting.X509Bundle;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;
import io.scimrouter.testing.TestPki;
import io.scimrouter.tls.CertificateReloadTest.KubernetesSecretDir;
import io.scimrouter.tls.ServerTls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fallback for filesystems whose events miss a change: with no file-system events at all, the periodic
 * comparison alone picks up a symlink swap, and does not reload (nor log) while nothing changed.
 */
class ServerTlsPollingTest {
    private static final X509Bundle CA = TestPki.ca("polling test CA");

    @TempDir
    Path dir;

    @Test
    void withoutFileEvents_thePeriodicCheck_picksUpASymlinkSwap() throws Exception {
        KubernetesSecretDir secret = new KubernetesSecretDir(dir);
        secret.publish(TestPki.server(CA, 0xB1));
        Tls settings = TlsSettings.withCheckInterval(TlsSettings.of(secret.certificate(), secret.key(),
                Provider.JDK), Duration.ofMillis(100));

        try (ServerTls tls = ServerTls.startPollingOnly(settings)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> tls.count(Result.UNCHANGED) >= 3);
            assertThat(tls.count(Result.RELOADED)).as("nothing changed, nothing reloaded").isZero();

            secret.publish(TestPki.server(CA, 0xB2));

            await().atMost(Duration.ofSeconds(10)).until(() -> tls.certificate().serial().equals("B2"));
            assertThat(tls.count(Result.RELOADED)).isEqualTo(1);
            assertThat(tls.count(Result.REFUSED)).isZero();
        }
    }
}
