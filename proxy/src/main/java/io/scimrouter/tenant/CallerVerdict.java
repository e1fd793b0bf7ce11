package io.scimrouter.tenant;

/**
 * What the legacy backend said of a caller's credential when asked before an unknown tenant's 404
 * ({@code tenants.unknown.verifyCaller}).
 */
public sealed interface CallerVerdict {

    /** The backend did not refuse the credential: the unknown tenant may be answered 404. */
    record Accepted() implements CallerVerdict {
    }

    /**
     * The backend refused it (401 or 403): the client gets this answer, as the backend gave it, so that it looks as
     * the backend's answer for a known tenant does.
     *
     * @param contentType     the answer's Content-Type, or null
     * @param wwwAuthenticate the answer's WWW-Authenticate (the challenge a 401 must carry), or null
     * @param body            the answer's body, whole (bounded by the checker); never modified
     */
    record Refused(int status, String contentType, String wwwAuthenticate, byte[] body) implements CallerVerdict {
    }
}
