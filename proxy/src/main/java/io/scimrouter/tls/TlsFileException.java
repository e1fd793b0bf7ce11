package io.scimrouter.tls;

/** A TLS file that cannot be used: unreadable, not PEM, or holding the wrong thing; the message says which. */
final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsFileException(String message) {
        super(message);
    }

    TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
