package io.scimrouter.rewrite;

/**
 * A JSON body broke one of the {@link RewriteLimits}. The rewriter is unusable afterwards; the caller answers with a
 * SCIM error if nothing was sent yet, or else aborts the connection so that a cut body is never taken for a whole one.
 */
public final class RewriteLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RewriteLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }

    public RewriteLimitExceededException(String message) {
        super(message);
    }
}
