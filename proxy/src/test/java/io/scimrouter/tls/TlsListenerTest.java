package io.scimrouter.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.config.RouterConfig.Server.Tls.ClientAuth;
import io.scimrouter.config.RouterConfig.Server.Tls.Provider;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import io.scimrouter.testing.TestConfigs;
import io.scimrouter.testing.TestPki;
import io.scimrouter.testing.TestPki.KeyFormat;
import io.scimrouter.testing.TlsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client listener with TLS, through real sockets, on both providers: versions, ALPN, client certificates, chains
 * and key formats, and what TLS changes in the forwarded request and the rewritten URLs.
 */
class TlsListenerTest {
    private static final X509Bundle CA = TestPki.ca("listener test CA");
    private static final X509Bundle SERVER = TestPki.server(CA, 0x1001);
    private static final X509Bundle CLIENT_CA = TestPki.ca("client test CA");
    private static final X509Bundle CLIENT = TestPki.client(CLIENT_CA, "idp-client");
    private static final X509Bundle STRANGER = TestPki.client(TestPki.ca("unknown test CA"), "stranger");
    private static final String USERS = "/scim/v2/p1/e1/Users";
    private static final HandshakeProbe PROBE = new HandshakeProbe();

    @TempDir
    Path dir;

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().startedByTest();

    @AfterAll
    static void closeProbe() {
        PROBE.close();
    }

    @Test
    void openSsl_loadsHere_andAutoPicksIt() throws Exception {
        assertThat(OpenSsl.unavailabilityCause()).as("netty-tcnative-boringssl-static for linux-x86_64 loads").isNull();

        start(TlsSettings.forFiles(dir, SERVER, Provider.AUTO), UnaryOperator.identity());

        assertThat(router.router().tls().provider()).isEqualTo(SslProvider.OPENSSL);
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void tls13_andTls12_clients_getThrough_withHttpsForwardedToTheBackend(Provider provider) throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, provider), UnaryOperator.identity());
        assertThat(router.router().tls().provider().name()).isEqualTo(provider.name());

        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null), version)) {
                RawHttp.Response answer = client.get(USERS, "X-Forwarded-Proto: http");

                assertThat(client.protocol()).isEqualTo(version);
                assertThat(client.applicationProtocol()).as("ALPN offers http/1.1 only").isEqualTo("http/1.1");
                assertThat(client.serverSerial()).isEqualTo("1001");
                assertThat(answer.status()).as(answer.bodyText()).isEqualTo(200);
            }
        }
        assertThat(router.backend().received()).hasSize(2).allSatisfy(received ->
                assertThat(received.headers().getAll("X-Forwarded-Proto")).as("the listener's scheme, not the "
                        + "client's claim").containsExactly("https"));
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void aTls11Client_isRefused_whileTheSameClientOnTls12_getsThrough(Provider provider) throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, provider), UnaryOperator.identity());

        // OpenSSL's client, because the JDK's will not even offer TLSv1.1
        Throwable tls11 = PROBE.handshake(router.port(), openSslClient("TLSv1.1"));
        Throwable tls12 = PROBE.handshake(router.port(), openSslClient("TLSv1.2"));

        assertThat(tls12).as("the probe itself works").isNull();
        assertThat(tls11).as("TLSv1.1 refused").isNotNull();
        assertThat(tls11.toString()).containsIgnoringCase("protocol");
    }

    @Test
    void thePlainHttpPort_speaksNoPlainHttp() throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, Provider.AUTO), UnaryOperator.identity());

        try (RawHttp plain = router.connect()) {
            plain.send(RouterExtension.head("GET", USERS));
            assertThatThrownBy(plain::read).isInstanceOf(IOException.class);
        }
        assertThat(router.backend().received()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void clientAuthRequire_refusesClientsWithoutACertificateOrWithAStrangersOne(Provider provider) throws Exception {
        Path clientCa = TestPki.writeCertificate(dir.resolve("clients-ca.crt"), CLIENT_CA);
        start(TlsSettings.withClientAuth(TlsSettings.forFiles(dir, SERVER, provider), ClientAuth.REQUIRE, clientCa),
                UnaryOperator.identity());

        assertRefused(null);
        assertRefused(STRANGER);
        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, CLIENT))) {
            assertThat(client.get(USERS).status()).isEqualTo(200);
        }
        assertThat(router.backend().received()).as("only the client with a certificate reached it").hasSize(1);
    }

    @Test
    void clientAuthOptional_letsClientsWithoutACertificateIn_butNotAStrangersOne() throws Exception {
        Path clientCa = TestPki.writeCertificate(dir.resolve("clients-ca.crt"), CLIENT_CA);
        start(TlsSettings.withClientAuth(TlsSettings.forFiles(dir, SERVER, Provider.AUTO), ClientAuth.OPTIONAL,
                clientCa), UnaryOperator.identity());

        try (TlsClient without = new TlsClient(router.port(), TestPki.clientContext(CA, null));
             TlsClient with = new TlsClient(router.port(), TestPki.clientContext(CA, CLIENT))) {
            assertThat(without.get(USERS).status()).isEqualTo(200);
            assertThat(with.get(USERS).status()).isEqualTo(200);
        }
        assertRefused(STRANGER);
        assertThat(router.backend().received()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void aChainFile_isSentWhole_soAClientTrustingOnlyTheRootGetsThrough(Provider provider) throws Exception {
        X509Bundle intermediate = TestPki.intermediate(CA, "listener test intermediate");
        start(TlsSettings.forFiles(dir, TestPki.server(intermediate, 0x2002), provider), UnaryOperator.identity());

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            assertThat(client.get(USERS).status()).isEqualTo(200);
            assertThat(client.serverChainLength()).isEqualTo(2);
            assertThat(client.serverSerial()).isEqualTo("2002");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void anRsaKeyInPkcs1_serves(Provider provider) throws Exception {
        start(TlsSettings.forFiles(dir, TestPki.rsaServer(CA, 0x3003), KeyFormat.PKCS1, provider),
                UnaryOperator.identity());

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            assertThat(client.get(USERS).status()).isEqualTo(200);
            assertThat(client.serverSerial()).isEqualTo("3003");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void anEcKeyInSec1_serves(Provider provider) throws Exception {
        start(TlsSettings.forFiles(dir, TestPki.server(CA, 0x4004), KeyFormat.SEC1, provider),
                UnaryOperator.identity());

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            assertThat(client.get(USERS).status()).isEqualTo(200);
            assertThat(client.serverSerial()).isEqualTo("4004");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = {"OPENSSL", "JDK"})
    void bodies_streamByteExact_inBothDirections(Provider provider) throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, provider), UnaryOperator.identity());
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        long answerSize = 8L * 1024 * 1024 + 3;
        router.backend().respond(router.backend().stream(answerSize, "application/octet-stream"));

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            client.http().send("PUT " + USERS + "/7 HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").send(body);
            RawHttp.Response answer = client.http().read();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).isTrue();
            assertThat(answer.body()).hasSize((int) answerSize);
            for (int i = 0; i < answer.body().length; i++) {
                if (answer.body()[i] != TestBackend.patternByte(i)) {
                    throw new AssertionError("answer byte " + i + " differs");
                }
            }
        }
        TestBackend.Received received = router.backend().received().get(0);
        assertThat(received.bodyBytes()).isEqualTo(body.length);
        assertThat(received.bodySha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void aTlsClientThatStopsReading_throttlesTheBackend_insteadOfBufferingTheAnswer() throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, Provider.AUTO), UnaryOperator.identity());
        long total = 200L * 1024 * 1024;
        router.backend().respond(router.backend().stream(total, "application/octet-stream"));

        try (Socket plain = new Socket()) {
            plain.setReceiveBufferSize(64 * 1024);
            plain.connect(new InetSocketAddress("127.0.0.1", router.port()), 5_000);
            try (SSLSocket tls = (SSLSocket) TestPki.clientContext(CA, null).getSocketFactory()
                    .createSocket(plain, "127.0.0.1", router.port(), false)) {
                tls.startHandshake();
                tls.getOutputStream().write(RouterExtension.head("GET", USERS).getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                InputStream in = tls.getInputStream();
                in.readNBytes(64 * 1024); // then stop reading
                // kernel buffers of both connections, the router's watermarks and a TLS record or so
                assertThat(router.backend().awaitStreamingStalled()).isLessThan(32L * 1024 * 1024);
            }
        }
    }

    @Test
    void rewrittenUrls_useHttps_evenWhenTheClientClaimsHttp() throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, Provider.AUTO), UnaryOperator.identity());
        String backendOrigin = router.backend().uri().toString();
        router.backend().respond(TestBackend.ok("{\"meta\":{\"location\":\"" + backendOrigin
                + "/scim/v2/p1/e1/Users/u1\"}}"));

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            RawHttp.Response answer = client.get("/scim/v2/p1/e1/v2/acme/Users/u1", "X-Forwarded-Proto: http");

            assertThat(answer.bodyText()).isEqualTo("{\"meta\":{\"location\":\"https://" + RouterExtension.HOST
                    + "/scim/v2/p1/e1/v2/acme/Users/u1\"}}");
        }
    }

    @Test
    void rewrittenUrls_followThePublicUrl_whenOneIsSet() throws Exception {
        start(TlsSettings.forFiles(dir, SERVER, Provider.AUTO),
                b -> b.publicUrl(URI.create("http://inside.example.com:8081")));
        String backendOrigin = router.backend().uri().toString();
        router.backend().respond(TestBackend.ok("{\"meta\":{\"location\":\"" + backendOrigin
                + "/scim/v2/p1/e1/Users/u1\"}}"));

        try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, null))) {
            RawHttp.Response answer = client.get("/scim/v2/p1/e1/v2/acme/Users/u1");

            assertThat(answer.bodyText()).contains("\"http://inside.example.com:8081/scim/v2/p1/e1/v2/acme/Users/u1\"");
        }
    }

    @Test
    void withoutTls_theForwardedProtoStaysHttp() throws Exception {
        router.start(UnaryOperator.identity());

        assertThat(router.router().tls()).isNull();
        assertThat(router.get(USERS).status()).isEqualTo(200);
        assertThat(router.backend().received().get(0).headers().getAll("X-Forwarded-Proto")).containsExactly("http");
    }

    private void start(Tls tls, UnaryOperator<TestConfigs.Builder> more) throws InterruptedException {
        router.start(b -> more.apply(b.tls(tls)));
    }

    /** No answer reaches a client with {@code certificate}: the handshake fails, or the first read does (TLS 1.3). */
    private void assertRefused(X509Bundle certificate) {
        int before = router.backend().received().size();
        assertThatThrownBy(() -> {
            try (TlsClient client = new TlsClient(router.port(), TestPki.clientContext(CA, certificate))) {
                client.get(USERS);
            }
        }).isInstanceOf(IOException.class);
        assertThat(router.backend().received()).hasSize(before);
    }

    private static SslContext openSslClient(String protocol) throws IOException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .trustManager(CA.getCertificate()).build();
    }
}
