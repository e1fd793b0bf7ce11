package io.scimrouter.tenant;

/** The directory could not give a usable answer; the message is safe to log (no credentials, no bodies). */
public final class DirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DirectoryException(String message) {
        super(message);
    }

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
