package io.scimrouter.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM files with the JDK alone. Keys may be PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}): the two traditional OpenSSL forms are wrapped
 * into PKCS#8, which is all the JDK's key factories read. Blocks of other kinds are skipped, so one file may hold the
 * certificate chain and the key. Messages never quote file content.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R?(.*?)-----END \\1-----", Pattern.DOTALL);
    // AlgorithmIdentifier OIDs, DER content bytes: rsaEncryption 1.2.840.113549.1.1.1, id-ecPublicKey 1.2.840.10045.2.1
    private static final byte[] RSA_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private PemFiles() {
    }

    /** Every {@code CERTIFICATE} block of {@code file}, in order (leaf first, for a chain); at least one. */
    static List<X509Certificate> certificates(Path file) throws TlsFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(file)) {
            if (block.label().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                } catch (CertificateException e) {
                    throw new TlsFileException("certificate " + (certificates.size() + 1) + " cannot be parsed ("
                            + e.getMessage() + ")");
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /** The one private key of {@code file}: RSA or EC, PKCS#8, PKCS#1 or SEC1, not encrypted. */
    static PrivateKey privateKey(Path file) throws TlsFileException {
        PrivateKey key = null;
        for (Block block : blocks(file)) {
            PrivateKey found = switch (block.label()) {
                case "PRIVATE KEY" -> pkcs8(block.der());
                case "RSA PRIVATE KEY" -> pkcs8(wrapPkcs1(block));
                case "EC PRIVATE KEY" -> pkcs8(wrapSec1(block));
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
                case "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY" -> throw new TlsFileException("holds a "
                        + block.label() + "; the router reads RSA and EC keys in PEM (openssl pkcs8 -topk8 -nocrypt "
                        + "converts one)");
                default -> null;
            };
            if (found != null && key != null) {
                throw new TlsFileException("holds more than one private key");
            }
            key = found != null ? found : key;
        }
        if (key == null) {
            throw new TlsFileException("holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        return key;
    }

    private record Block(String label, byte[] der, boolean hasHeaders) {
    }

    private static List<Block> blocks(Path file) throws TlsFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsFileException("cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String label = matcher.group(1);
            String body = matcher.group(2);
            boolean hasHeaders = body.lines().anyMatch(line -> line.indexOf(':') >= 0);
            String base64 = body.lines().filter(line -> line.indexOf(':') < 0)
                    .reduce("", String::concat).replaceAll("\\s", "");
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(base64), hasHeaders));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException("has a " + label + " block that is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsFileException("is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der) throws TlsFileException {
        try {
            String algorithm = algorithmOf(der);
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("has a private key that cannot be read (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { OID, params }, privateKey }. */
    private static String algorithmOf(byte[] pkcs8) throws TlsFileException {
        Der.Element info = Der.readWhole(pkcs8, Der.SEQUENCE);
        Der.Element version = info.firstChild();
        Der.Element algorithm = info.nextChild(version);
        if (algorithm == null || algorithm.tag() != Der.SEQUENCE) {
            throw new TlsFileException("has a PKCS#8 key without its algorithm");
        }
        Der.Element oid = algorithm.firstChild();
        if (oid.tag() == Der.OID && Arrays.equals(oid.content(), RSA_OID)) {
            return "RSA";
        }
        if (oid.tag() == Der.OID && Arrays.equals(oid.content(), EC_OID)) {
            return "EC";
        }
        throw new TlsFileException("has a key of an algorithm other than RSA or EC");
    }

    /** RSAPrivateKey (PKCS#1) into PrivateKeyInfo with rsaEncryption and NULL parameters. */
    private static byte[] wrapPkcs1(Block block) throws TlsFileException {
        if (block.hasHeaders()) {
            throw encrypted();
        }
        Der.readWhole(block.der(), Der.SEQUENCE);
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, RSA_OID), Der.encode(Der.NULL));
        return privateKeyInfo(algorithm, block.der());
    }

    /** ECPrivateKey (SEC1, RFC 5915) into PrivateKeyInfo with id-ecPublicKey and the key's own named curve. */
    private static byte[] wrapSec1(Block block) throws TlsFileException {
        if (block.hasHeaders()) {
            throw encrypted();
        }
        Der.Element key = Der.readWhole(block.der(), Der.SEQUENCE);
        byte[] curve = null;
        for (Der.Element field = key.firstChild(); field != null; field = key.nextChild(field)) {
            if (field.tag() == Der.CONTEXT_0) {
                Der.Element parameters = field.firstChild();
                if (parameters.tag() == Der.OID) {
                    curve = parameters.content();
                }
            }
        }
        if (curve == null) {
            throw new TlsFileException("has an EC key without a named curve (openssl pkcs8 -topk8 -nocrypt "
                    + "converts it to PKCS#8)");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, EC_OID), Der.encode(Der.OID, curve));
        return privateKeyInfo(algorithm, block.der());
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        byte[] wrapped = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithm,
                Der.encode(Der.OCTET_STRING, key));
        Arrays.fill(key, (byte) 0);
        return wrapped;
    }

    private static TlsFileException encrypted() {
        return new TlsFileException("holds an encrypted private key; the router reads unencrypted keys only (keep "
                + "the file readable by the router alone)");
    }
}
