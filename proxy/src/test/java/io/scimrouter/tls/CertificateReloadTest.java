package io.scimrouter.tls;

import io.netty.pkitesting.X509Bundle;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestPki;
import io.scimrouter.testing.TestPki.KeyFormat;
import io.scimrouter.testing.TlsClient;
import io.scimrouter.tls.ServerTls.ReloadOutcome;
import io.scimrouter.tls.ServerTls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate rotation on a running router, through real sockets: files replaced in place and by a Kubernetes-style
 * symlink swap reach new handshakes while connections opened before keep theirs; a bad new pair is refused and the
 * certificate in use stays; a configuration reload may point at other files. File-system events drive these reloads
 * (the periodic check is set to an hour); {@link ServerTlsPollingTest} covers the periodic check alone.
 */
class CertificateReloadTest {
    private static final X509Bundle CA = TestPki.ca("reload test CA");
    private static final X509Bundle FIRST = TestPki.server(CA, 0xA1);
    private static final X509Bundle SECOND = TestPki.server(CA, 0xA2);
    private static final String USERS = "/scim/v2/p1/e1/Users";
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void filesReplacedInPlace_newHandshakesGetTheNewCertificate_anOpenConnectionKeepsItsOwn(Provider provider)
            throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, provider));
        try (TlsClient before = client()) {
            assertThat(before.get(USERS).status()).isEqualTo(200);

            TestPki.writeKey(tls.privateKeyFile(), SECOND, KeyFormat.PKCS8);
            TestPki.writeChain(tls.certificateFile(), SECOND);

            awaitNewHandshakesServe("A2");
            assertThat(before.get(USERS).status()).as("the connection opened before still works").isEqualTo(200);
            assertThat(before.serverSerial()).isEqualTo("A1");
        }
        assertThat(router.router().tls().certificate().serial()).isEqualTo("A2");
        assertThat(router.router().tls().count(Result.RELOADED)).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void aKubernetesSecretUpdate_bySymlinkSwap_reachesNewHandshakes(Provider provider) throws Exception {
        KubernetesSecretDir secret = new KubernetesSecretDir(dir.resolve("secret"));
        secret.publish(FIRST);
        start(TlsSettings.of(secret.certificate(), secret.key(), provider));
        try (TlsClient before = client()) {
            assertThat(before.serverSerial()).isEqualTo("A1");

            secret.publish(SECOND);

            awaitNewHandshakesServe("A2");
            assertThat(before.get(USERS).status()).isEqualTo(200);
            assertThat(before.serverSerial()).isEqualTo("A1");
        }
    }

    @Test
    void aCertificateThatDoesNotParse_isRefused_theOneInUseStays_untilAGoodPairArrives() throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));

        Files.writeString(tls.certificateFile(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        awaitRefusals(1);
        assertNewHandshakesServe("A1");

        TestPki.writeKey(tls.privateKeyFile(), SECOND, KeyFormat.PKCS8);
        TestPki.writeChain(tls.certificateFile(), SECOND);
        awaitNewHandshakesServe("A2");
    }

    @Test
    void aKeyThatIsNotTheCertificates_isRefused_theOneInUseStays() throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));

        TestPki.writeChain(tls.certificateFile(), SECOND); // the key stays FIRST's

        awaitRefusals(1);
        assertNewHandshakesServe("A1");
        assertThat(router.router().tls().count(Result.RELOADED)).isZero();
    }

    @Test
    void anExpiredCertificate_isRefused_onReload() throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));
        X509Bundle expired = TestPki.expiredServer(CA, 0xE1);

        replaceAtomically(tls, expired);

        awaitRefusals(1);
        assertNewHandshakesServe("A1");
    }

    @Test
    void anExpiredCertificate_atStart_isServed_withAWarning() throws Exception {
        start(TlsSettings.forFiles(dir, TestPki.expiredServer(CA, 0xE2), Provider.AUTO));

        assertThat(router.router().tls().certificate().serial()).isEqualTo("E2");
    }

    @Test
    void aConfigurationReload_mayPointAtOtherFiles_whichAreThenWatched() throws Exception {
        start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Tls moved = TlsSettings.forFiles(elsewhere, SECOND, Provider.JDK);

        ReloadOutcome outcome = router.router().tls().reload(moved);

        assertThat(outcome.result()).isEqualTo(Result.RELOADED);
        assertThat(outcome.certificate().serial()).isEqualTo("A2");
        assertNewHandshakesServe("A2");
        assertThat(router.router().tls().provider().name()).isEqualTo("JDK");

        replaceAtomically(moved, TestPki.server(CA, 0xA3));
        awaitNewHandshakesServe("A3");
    }

    @Test
    void aConfigurationReload_withBadFiles_isRefused_namingTheKey_andChangesNothing() throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));
        Path otherKey = TestPki.writeKey(dir.resolve("other.key"), SECOND, KeyFormat.PKCS8);

        ReloadOutcome outcome = router.router().tls().reload(TlsSettings.of(tls.certificateFile(), otherKey,
                Provider.AUTO));

        assertThat(outcome.result()).isEqualTo(Result.REFUSED);
        assertThat(outcome.problem()).startsWith("server.tls.privateKeyFile: " + otherKey + " is not the key");
        assertThat(outcome.certificate().serial()).isEqualTo("A1");
        assertNewHandshakesServe("A1");
    }

    @Test
    void aConfigurationReload_cannotTurnTlsOff_andTheSameSettingsChangeNothing() throws Exception {
        Tls tls = start(TlsSettings.forFiles(dir, FIRST, Provider.AUTO));
        Tls off = new Tls(null, null, tls.protocols(), ClientAuth.NONE, null, Provider.AUTO,
                tls.reloadCheckInterval());

        assertThat(router.router().tls().reload(off).result()).isEqualTo(Result.REFUSED);
        assertThat(router.router().tls().reload(tls).result()).isEqualTo(Result.UNCHANGED);
        assertThat(router.router().tls().count(Result.RELOADED)).isZero();
    }

    private Tls start(Tls tls) throws InterruptedException {
        Tls eventsOnly = TlsSettings.withCheckInterval(tls, Duration.ofHours(1));
        router.start(b -> b.tls(eventsOnly));
        // with an hour between checks, a change made before the watch is in place would go unseen
        await().atMost(RELOAD_WAIT).until(() -> router.router().tls().watching());
        return eventsOnly;
    }

    private TlsClient client() throws IOException {
        return new TlsClient(router.port(), TestPki.clientContext(CA, null));
    }

    private void awaitNewHandshakesServe(String serial) {
        await().atMost(RELOAD_WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertNewHandshakesServe(
                serial));
    }

    private void assertNewHandshakesServe(String serial) throws IOException {
        try (TlsClient client = client()) {
            assertThat(client.serverSerial()).isEqualTo(serial);
            assertThat(client.get(USERS).status()).isEqualTo(200);
        }
    }

    private void awaitRefusals(long count) {
        await().atMost(RELOAD_WAIT).until(() -> router.router().tls().count(Result.REFUSED) >= count);
    }

    /** Both files replaced by renames, so no check sees half a pair. */
    private static void replaceAtomically(Tls tls, X509Bundle next) throws IOException {
        Path dir = tls.certificateFile().getParent();
        Path cert = TestPki.writeChain(dir.resolve("next.crt"), next);
        Path key = TestPki.writeKey(dir.resolve("next.key"), next, KeyFormat.PKCS8);
        Files.move(key, tls.privateKeyFile(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(cert, tls.certificateFile(), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A secret volume as the kubelet writes it: {@code tls.crt -> ..data/tls.crt}, {@code ..data -> ..<version>};
     * an update writes a new version directory, points {@code ..data_tmp} at it and renames that over {@code ..data}.
     */
    static final class KubernetesSecretDir {
        private final Path root;
        private int version;
        private Path current;

        KubernetesSecretDir(Path root) throws IOException {
            this.root = Files.createDirectories(root);
        }

        Path certificate() {
            return root.resolve("tls.crt");
        }

        Path key() {
            return root.resolve("tls.key");
        }

        void publish(X509Bundle bundle) throws IOException {
            Path next = Files.createDirectory(root.resolve("..2026_01_01_00_00_0" + ++version));
            TestPki.writeChain(next.resolve("tls.crt"), bundle);
            TestPki.writeKey(next.resolve("tls.key"), bundle, KeyFormat.PKCS8);
            Path tmp = Files.createSymbolicLink(root.resolve("..data_tmp"), next.getFileName());
            Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String name : List.of("tls.crt", "tls.key")) {
                if (!Files.exists(root.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(root.resolve(name), Path.of("..data", name));
                }
            }
            if (current != null) {
                for (String name : List.of("tls.crt", "tls.key")) {
                    Files.delete(current.resolve(name));
                }
                Files.delete(current);
            }
            current = next;
        }
    }
}
