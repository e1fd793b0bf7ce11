package io.scimrouter.tls;

import io.scimrouter.config.ConfigException;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A listener's certificate chain and the private key that belongs to it, read from their PEM files and checked to be
 * a pair: the key signs, the leaf certificate's public key verifies.
 */
record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {

    /** Both files read and checked; a {@link ConfigException} names the key of the file at fault. */
    static ServerCertificate load(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(certificateFile);
        } catch (TlsFileException e) {
            throw problem("server.tls.certificateFile", certificateFile, e.getMessage());
        }
        PrivateKey key;
        try {
            key = PemFiles.privateKey(privateKeyFile);
        } catch (TlsFileException e) {
            throw problem("server.tls.privateKeyFile", privateKeyFile, e.getMessage());
        }
        if (!isPair(key, chain.get(0).getPublicKey())) {
            throw problem("server.tls.privateKeyFile", privateKeyFile, "is not the key of the first "
                    + "certificate in " + certificateFile + " (" + CertificateSummary.of(chain.get(0)) + ")");
        }
        return new ServerCertificate(chain, key);
    }

    /** A file that cannot be used, as a one-line error naming its key and path (never its content). */
    static ConfigException problem(String key, Path file, String problem) {
        return new ConfigException(key, file + " " + problem);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }

    private static boolean isPair(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
