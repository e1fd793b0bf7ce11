package io.scimrouter.tls;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The TLS files of a configuration, read and checked before anything starts: a file that does not parse, a key that
 * is not the certificate's, a CA bundle without certificates are configuration errors naming their key (exit 2, and
 * {@code --check} finds them too).
 */
public final class TlsFiles {
    private TlsFiles() {
    }

    /** Reads every TLS file {@code config} names; throws {@link ConfigException} naming the first bad one. */
    public static void check(RouterConfig config) {
        RouterConfig.Server.Tls server = config.server().tls();
        if (server.enabled()) {
            ServerCertificate.load(server.certificateFile(), server.privateKeyFile());
            if (server.clientCaFile() != null) {
                caBundle("server.tls.clientCaFile", server.clientCaFile());
            }
        }
        backendTrust(config.backend().tls());
    }

    /** The CAs https backends must chain to: {@code backend.tls.caFile}, or empty for the JDK's default. */
    public static List<X509Certificate> backendTrust(RouterConfig.Backend.Tls settings) {
        return settings.caFile() == null ? List.of() : caBundle("backend.tls.caFile", settings.caFile());
    }

    /** The certificates of a CA bundle; the error names {@code key}. */
    static List<X509Certificate> caBundle(String key, Path file) {
        try {
            return PemFiles.certificates(file);
        } catch (TlsFileException e) {
            throw ServerCertificate.problem(key, file, e.getMessage());
        }
    }

    /**
     * One SHA-256 over the contents of {@code files}, to tell a change from a file-system event that changed nothing
     * (Kubernetes swaps a whole directory of a secret at once); a missing or unreadable file counts as its own state.
     */
    static String fingerprint(List<Path> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                content = ("missing " + file).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                content = ("unreadable " + file + " " + e.getClass().getName()).getBytes(StandardCharsets.UTF_8);
            }
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(content.length).array());
            digest.update(content);
            Arrays.fill(content, (byte) 0); // key material: not left for the garbage collector to keep
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
