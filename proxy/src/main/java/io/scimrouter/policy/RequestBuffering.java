package io.scimrouter.policy;

/**
 * Which request bodies are received whole before the backend is asked (what nginx calls proxy_request_buffering):
 * those of at most server.requestBuffer.maxBytes. A whole body can be checked (its chunked framing, its size) before
 * any byte of the request leaves, goes out with an exact Content-Length, and never lets a slow client hold a backend
 * connection. Larger bodies stream, as do chunked ones that grow past the limit (with what was buffered so far), and
 * any body that finds the total budget (server.requestBuffer.totalBytes) spent: that is the server's to account for.
 */
public final class RequestBuffering {
    /** What to do with a request's body, decided from its head. */
    public enum Plan {
        /** No body (or an empty one): nothing to wait for. */
        NONE,
        /** A declared length within the limit: reserve it and wait for the whole body. */
        WHOLE,
        /** Chunked, length unknown: buffer while it stays within the limit, then stream. */
        GROWING,
        /** Larger than the limit, or buffering is off: stream as it arrives. */
        STREAM
    }

    private final long maxBytes;

    /** @param maxBytes server.requestBuffer.maxBytes; 0 turns buffering off */
    public RequestBuffering(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param hasBody       a body follows (chunked, or a Content-Length above zero)
     * @param contentLength the declared Content-Length, or -1 (chunked)
     */
    public Plan plan(boolean hasBody, long contentLength) {
        if (!hasBody) {
            return Plan.NONE;
        }
        if (maxBytes == 0) {
            return Plan.STREAM;
        }
        if (contentLength < 0) {
            return Plan.GROWING;
        }
        return contentLength <= maxBytes ? Plan.WHOLE : Plan.STREAM;
    }

    /** A growing (chunked) body of {@code bodyBytes} so far may still be buffered. */
    public boolean fits(long bodyBytes) {
        return bodyBytes <= maxBytes;
    }

    /**
     * The head toward the backend states the body's exact length, in place of chunks, when the whole body is known
     * before the head is written and its length is not the client's own (a chunked or a rewritten body). A body that
     * keeps its Content-Length is forwarded with it as sent.
     *
     * @param chunked the body came chunked (its one transfer coding: {@link Admission} refuses any other)
     */
    public static boolean announceLength(boolean bodyWhole, boolean chunked, boolean rewritten) {
        return bodyWhole && (chunked || rewritten);
    }
}
