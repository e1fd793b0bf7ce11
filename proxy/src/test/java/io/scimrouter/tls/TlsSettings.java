package io.scimrouter.tls;

import io.netty.pkitesting.X509Bundle;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;
import io.scimrouter.testing.TestPki;
import io.scimrouter.testing.TestPki.KeyFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** TLS settings for tests, with the files written for a certificate: defaults but the provider and the files. */
final class TlsSettings {
    private TlsSettings() {
    }

    /** {@code server}'s chain and key (PKCS#8) written into {@code dir} as tls.crt and tls.key. */
    static Tls forFiles(Path dir, X509Bundle server, Provider provider) {
        return forFiles(dir, server, KeyFormat.PKCS8, provider);
    }

    static Tls forFiles(Path dir, X509Bundle server, KeyFormat format, Provider provider) {
        Path cert = TestPki.writeChain(dir.resolve("tls.crt"), server);
        Path key = TestPki.writeKey(dir.resolve("tls.key"), server, format);
        return of(cert, key, provider);
    }

    /** The files as they are; the reload check every {@code 10s} as by default. */
    static Tls of(Path cert, Path key, Provider provider) {
        return new Tls(cert, key, List.of("TLSv1.3", "TLSv1.2"), ClientAuth.NONE, null, provider,
                Duration.ofSeconds(10));
    }

    static Tls withClientAuth(Tls tls, ClientAuth clientAuth, Path clientCaFile) {
        return new Tls(tls.certificateFile(), tls.privateKeyFile(), tls.protocols(), clientAuth, clientCaFile,
                tls.provider(), tls.reloadCheckInterval());
    }

    static Tls withCheckInterval(Tls tls, Duration interval) {
        return new Tls(tls.certificateFile(), tls.privateKeyFile(), tls.protocols(), tls.clientAuth(),
                tls.clientCaFile(), tls.provider(), interval);
    }
}
