package io.scimrouter.tls;

import io.netty.pkitesting.X509Bundle;
import io.scimrouter.config.ConfigException;
import io.scimrouter.testing.TestPki;
import io.scimrouter.testing.TestPki.KeyFormat;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM certificates and keys as operators have them; key files written by BouncyCastle, not by the reader's code. */
class PemFilesTest {
    private static final X509Bundle CA = TestPki.ca("pem test CA");
    private static final X509Bundle EC_SERVER = TestPki.server(CA, 11);
    private static final X509Bundle RSA_SERVER = TestPki.rsaServer(CA, 12);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyFormat.class, names = {"PKCS8", "PKCS1"})
    void rsaKeys_inPkcs8AndPkcs1_readAsTheSameKey(KeyFormat format) throws Exception {
        Path file = TestPki.writeKey(dir.resolve("key.pem"), RSA_SERVER, format);

        PrivateKey key = PemFiles.privateKey(file);

        assertThat(Files.readString(file)).startsWith(format == KeyFormat.PKCS1
                ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(key.getEncoded()).isEqualTo(RSA_SERVER.getKeyPair().getPrivate().getEncoded());
    }

    @ParameterizedTest
    @EnumSource(value = KeyFormat.class, names = {"PKCS8", "SEC1"})
    void ecKeys_inPkcs8AndSec1_makeAPairWithTheirCertificate(KeyFormat format) throws Exception {
        Path file = TestPki.writeKey(dir.resolve("key.pem"), EC_SERVER, format);

        PrivateKey key = PemFiles.privateKey(file);

        assertThat(Files.readString(file)).startsWith(format == KeyFormat.SEC1
                ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) key).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) EC_SERVER.getKeyPair().getPrivate()).getS());
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        assertThat(ServerCertificate.load(cert, file).leaf()).isEqualTo(EC_SERVER.getCertificate());
    }

    @Test
    void aChainFile_readsLeafFirst() throws Exception {
        X509Bundle intermediate = TestPki.intermediate(CA, "pem test intermediate");
        X509Bundle leaf = TestPki.server(intermediate, 13);
        Path file = TestPki.writeChain(dir.resolve("chain.pem"), leaf);

        List<X509Certificate> chain = PemFiles.certificates(file);

        assertThat(chain).containsExactly(leaf.getCertificate(), intermediate.getCertificate());
    }

    @Test
    void oneFile_withTheChainAndTheKey_servesAsBoth() throws Exception {
        Path file = dir.resolve("combined.pem");
        TestPki.writeChain(dir.resolve("c.pem"), EC_SERVER);
        TestPki.writeKey(dir.resolve("k.pem"), EC_SERVER, KeyFormat.SEC1);
        Files.writeString(file, Files.readString(dir.resolve("k.pem")) + "\n" + Files.readString(dir.resolve("c.pem")));

        ServerCertificate pair = ServerCertificate.load(file, file);

        assertThat(pair.leaf()).isEqualTo(EC_SERVER.getCertificate());
    }

    @Test
    void windowsLineEndings_areRead() throws Exception {
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        Path key = TestPki.writeKey(dir.resolve("key.pem"), EC_SERVER, KeyFormat.PKCS8);
        Files.writeString(cert, Files.readString(cert).replace("\n", "\r\n"));
        Files.writeString(key, Files.readString(key).replace("\n", "\r\n"));

        assertThat(ServerCertificate.load(cert, key).leaf()).isEqualTo(EC_SERVER.getCertificate());
    }

    @Test
    void aKeyThatIsNotTheCertificates_isRefused_namingTheKeyFile() {
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        Path otherKey = TestPki.writeKey(dir.resolve("key.pem"), TestPki.server(CA, 14), KeyFormat.PKCS8);

        assertThatThrownBy(() -> ServerCertificate.load(cert, otherKey))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.tls.privateKeyFile: " + otherKey + " is not the key of the first "
                        + "certificate in " + cert)
                .hasMessageContaining("serial B,");
    }

    @Test
    void anRsaKey_forAnEcCertificate_isNotAPair() {
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        Path rsaKey = TestPki.writeKey(dir.resolve("key.pem"), RSA_SERVER, KeyFormat.PKCS1);

        assertThatThrownBy(() -> ServerCertificate.load(cert, rsaKey))
                .hasMessageStartingWith("server.tls.privateKeyFile: ").hasMessageContaining("is not the key of");
    }

    @Test
    void theCertificateFile_andTheKeyFile_swapped_areRefused_namingTheFirstBadOne() {
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        Path key = TestPki.writeKey(dir.resolve("key.pem"), EC_SERVER, KeyFormat.PKCS8);

        assertThatThrownBy(() -> ServerCertificate.load(key, cert))
                .hasMessage("server.tls.certificateFile: " + key + " holds no PEM certificate "
                        + "(-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void anEncryptedKey_isRefused_withWhatToDo() throws IOException {
        Path pkcs8 = Files.writeString(dir.resolve("enc.pem"), pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        Path legacy = Files.writeString(dir.resolve("legacy.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemFiles.privateKey(pkcs8)).hasMessageStartingWith("holds an encrypted private key");
        assertThatThrownBy(() -> PemFiles.privateKey(legacy)).hasMessageStartingWith("holds an encrypted private key");
    }

    @Test
    void anEcKey_withoutItsCurve_isRefused_withWhatToDo() throws Exception {
        BigInteger secret = ((java.security.interfaces.ECPrivateKey) EC_SERVER.getKeyPair().getPrivate()).getS();
        byte[] noCurve = new ECPrivateKey(256, secret).getEncoded("DER");
        Path file = Files.writeString(dir.resolve("key.pem"), pem("EC PRIVATE KEY", noCurve));

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .hasMessageStartingWith("has an EC key without a named curve");
    }

    @Test
    void twoKeys_noKey_notPem_badBase64_brokenDer_brokenCertificate_areEachSaidSo() throws IOException {
        Path key = TestPki.writeKey(dir.resolve("key.pem"), EC_SERVER, KeyFormat.PKCS8);
        Path twoKeys = Files.writeString(dir.resolve("two.pem"), Files.readString(key) + Files.readString(key));
        Path certOnly = TestPki.writeChain(dir.resolve("cert.pem"), EC_SERVER);
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        Path badBase64 = Files.writeString(dir.resolve("b64.pem"), "-----BEGIN PRIVATE KEY-----\n@@@@\n"
                + "-----END PRIVATE KEY-----\n");
        Path brokenDer = Files.writeString(dir.resolve("der.pem"), pem("RSA PRIVATE KEY", new byte[] {0x30, 0x7F, 1}));
        Path brokenCert = Files.writeString(dir.resolve("bc.pem"),
                pem("CERTIFICATE", new byte[] {0x30, 0x03, 1, 2, 3}));

        assertThatThrownBy(() -> PemFiles.privateKey(twoKeys)).hasMessage("holds more than one private key");
        assertThatThrownBy(() -> PemFiles.privateKey(certOnly)).hasMessageStartingWith("holds no PEM private key");
        assertThatThrownBy(() -> PemFiles.privateKey(notPem)).hasMessageStartingWith("is not a PEM file");
        assertThatThrownBy(() -> PemFiles.privateKey(badBase64))
                .hasMessage("has a PRIVATE KEY block that is not valid base64");
        assertThatThrownBy(() -> PemFiles.privateKey(brokenDer)).hasMessage("the key is not well-formed DER");
        assertThatThrownBy(() -> PemFiles.certificates(brokenCert)).hasMessageStartingWith("certificate 1 cannot be "
                + "parsed");
    }

    @Test
    void errors_neverQuoteTheFilesContent() throws IOException {
        String secretLooking = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ";
        Path file = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + secretLooking
                + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemFiles.privateKey(file)).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain(secretLooking.substring(0, 12)));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }
}
