package io.scimrouter.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;

/**
 * What the logs say about a certificate in use: its subject, serial number (upper-case hex, as {@code openssl x509
 * -serial} prints it) and end of validity; never anything of the key.
 */
public record CertificateSummary(String subject, String serial, Instant notBefore, Instant notAfter) {

    static CertificateSummary of(X509Certificate certificate) {
        return new CertificateSummary(certificate.getSubjectX500Principal().getName(),
                certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    @Override
    public String toString() {
        return "subject " + subject + ", serial " + serial + ", notAfter " + notAfter;
    }
}
