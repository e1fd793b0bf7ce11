package io.scimrouter.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Certificates made in the test, never checked in: a CA, server certificates for 127.0.0.1 and localhost with a
 * chosen serial number, client certificates; PEM files in the formats operators have (PKCS#8, and the traditional
 * OpenSSL PKCS#1 and SEC1 forms, written with BouncyCastle so the router's own reader is not checked against itself).
 */
public final class TestPki {
    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}. */
        PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY}: RSA keys only. */
        PKCS1,
        /** {@code BEGIN EC PRIVATE KEY} with its named curve: EC keys only. */
        SEC1
    }

    private TestPki() {
    }

    /** A self-signed CA, valid from an hour ago for a day. */
    public static X509Bundle ca(String commonName) {
        return build(() -> validNow(new CertificateBuilder()).subject("CN=" + commonName)
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned());
    }

    /** An intermediate CA issued by {@code issuer}. */
    public static X509Bundle intermediate(X509Bundle issuer, String commonName) {
        return build(() -> validNow(new CertificateBuilder()).subject("CN=" + commonName)
                .setIsCertificateAuthority(true).ecp256().buildIssuedBy(issuer));
    }

    /** A server certificate (EC P-256) for 127.0.0.1 and localhost with {@code serial}, valid now. */
    public static X509Bundle server(X509Bundle issuer, long serial) {
        return server(validNow(new CertificateBuilder()).ecp256(), issuer, serial);
    }

    /** A server certificate with an RSA 2048 key, for the PKCS#1 format. */
    public static X509Bundle rsaServer(X509Bundle issuer, long serial) {
        return server(validNow(new CertificateBuilder()).rsa2048(), issuer, serial);
    }

    /** A server certificate whose validity ended an hour ago. */
    public static X509Bundle expiredServer(X509Bundle issuer, long serial) {
        Instant now = Instant.now();
        return server(new CertificateBuilder().notBefore(now.minus(2, ChronoUnit.DAYS))
                .notAfter(now.minus(1, ChronoUnit.HOURS)).ecp256(), issuer, serial);
    }

    /** A server certificate for {@code dnsName} only (no IP address): a client connecting to 127.0.0.1 refuses it. */
    public static X509Bundle serverFor(X509Bundle issuer, String dnsName) {
        return build(() -> validNow(new CertificateBuilder()).subject("CN=" + dnsName).addSanDnsName(dnsName)
                .ecp256().addExtendedKeyUsageServerAuth().buildIssuedBy(issuer));
    }

    /** A client certificate issued by {@code issuer}. */
    public static X509Bundle client(X509Bundle issuer, String commonName) {
        return build(() -> validNow(new CertificateBuilder()).subject("CN=" + commonName).ecp256()
                .addExtendedKeyUsageClientAuth().buildIssuedBy(issuer));
    }

    /** The certificate then its intermediates (not the root), as a server's certificate file holds them. */
    public static Path writeChain(Path file, X509Bundle bundle) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : bundle.getCertificatePath()) {
            pem.append(pem("CERTIFICATE", encoded(certificate)));
        }
        return write(file, pem.toString());
    }

    /** The CA's own certificate, as a trust bundle. */
    public static Path writeCertificate(Path file, X509Bundle ca) {
        return write(file, pem("CERTIFICATE", encoded(ca.getCertificate())));
    }

    /** The bundle's private key in {@code format}. */
    public static Path writeKey(Path file, X509Bundle bundle, KeyFormat format) {
        PrivateKey key = bundle.getKeyPair().getPrivate();
        try {
            return switch (format) {
                case PKCS8 -> write(file, pem("PRIVATE KEY", key.getEncoded()));
                case PKCS1 -> write(file, pem("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(key.getEncoded())
                        .parsePrivateKey().toASN1Primitive().getEncoded("DER")));
                case SEC1 -> write(file, pem("EC PRIVATE KEY", sec1(key)));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client trusting {@code trusted} and presenting {@code clientCertificate} when not null, whatever CAs the
     * server names: the JDK's client would otherwise keep quiet about a certificate of another CA, and a test of
     * the server's refusal would test nothing.
     */
    public static SSLContext clientContext(X509Bundle trusted, X509Bundle clientCertificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keys = null;
            if (clientCertificate != null) {
                X509ExtendedKeyManager own = (X509ExtendedKeyManager) clientCertificate.toKeyManagerFactory()
                        .getKeyManagers()[0];
                keys = new KeyManager[] {new AlwaysPresent(own)};
            }
            context.init(keys, trusted.toTrustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents its one certificate to any server that asks for one. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;
        private final String alias;

        AlwaysPresent(X509ExtendedKeyManager keys) {
            this.keys = keys;
            this.alias = keys.getClientAliases("EC", null)[0];
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return keys.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return keys.getPrivateKey(name);
        }
    }

    /** The serial number as the router logs it: upper-case hex. */
    public static String serialOf(X509Bundle bundle) {
        return bundle.getCertificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    /** An EC key as OpenSSL's {@code ecparam -genkey} writes it: version, key, named curve, public key. */
    private static byte[] sec1(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        BigInteger secret = ((java.security.interfaces.ECPrivateKey) key).getS();
        return new ECPrivateKey(256, secret, curve).getEncoded("DER");
    }

    private static X509Bundle server(CertificateBuilder builder, X509Bundle issuer, long serial) {
        return build(() -> builder.subject("CN=router.test").serial(BigInteger.valueOf(serial))
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost").addExtendedKeyUsageServerAuth()
                .buildIssuedBy(issuer));
    }

    private static CertificateBuilder validNow(CertificateBuilder builder) {
        Instant now = Instant.now();
        return builder.notBefore(now.minus(1, ChronoUnit.HOURS)).notAfter(now.plus(1, ChronoUnit.DAYS));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Build {
        X509Bundle run() throws Exception;
    }

    private static X509Bundle build(Build build) {
        try {
            return build.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
