package io.scimrouter.policy;

/**
 * How an answer is framed toward the client, and which connections outlive it. Decided once, from the answer's head;
 * the head is then changed to match.
 *
 * <ul>
 *   <li>An answer without a length and without chunks is delimited by the backend closing: the backend connection
 *       cannot be reused, and the client gets it chunked (HTTP/1.1) or delimited by a close of its own (HTTP/1.0).
 *   <li>An HTTP/1.0 client cannot read chunks: a chunked answer reaches it unchunked, delimited by a close.
 *   <li>The client connection is kept when the client asked for it, the framing allows it, and the request was read
 *       whole by the time the answer began (otherwise the rest of it cannot be told from a next request).
 * </ul>
 *
 * @param chunk        send the answer chunked although the backend did not
 * @param unchunk      send the answer without chunks although the backend chunked it
 * @param reuseBackend the answer's framing leaves the backend connection reusable (the request must also be whole)
 * @param keepClient   the client connection stays open for its next request
 * @param connection   what the answer's Connection header says
 */
public record ResponseFraming(boolean chunk, boolean unchunk, boolean reuseBackend, boolean keepClient,
                              ConnectionHeader connection) {

    /** The Connection header toward the client. */
    public enum ConnectionHeader {
        /** None: HTTP/1.1 keeps the connection by default. */
        NONE,
        CLOSE,
        /** An HTTP/1.0 client that asked to keep the connection is told it is kept. */
        KEEP_ALIVE
    }

    private static final ResponseFraming[] ALL = new ResponseFraming[1 << 8];

    static {
        for (int i = 0; i < ALL.length; i++) {
            ALL[i] = compute(bit(i, 0), bit(i, 1), bit(i, 2), bit(i, 3), bit(i, 4), bit(i, 5), bit(i, 6), bit(i, 7));
        }
    }

    /**
     * The framing of one answer. Every combination is computed once, in advance: deciding allocates nothing.
     *
     * @param bodyless          the answer has no body (HEAD, 204, 304): see {@link #bodyless}
     * @param backendLength     the backend's head has a Content-Length
     * @param lengthKept        it still has one after rewriting (a rewritten body's length is not known in advance)
     * @param chunked           the backend's answer is chunked
     * @param backendKeepAlive  the backend did not announce a close
     * @param clientHttp10      the client speaks HTTP/1.0
     * @param clientKeepAlive   the client asked to keep its connection
     * @param requestComplete   the request body was read whole when the answer began
     */
    public static ResponseFraming decide(boolean bodyless, boolean backendLength, boolean lengthKept, boolean chunked,
                                         boolean backendKeepAlive, boolean clientHttp10, boolean clientKeepAlive,
                                         boolean requestComplete) {
        return ALL[index(bodyless, 0) | index(backendLength, 1) | index(lengthKept, 2) | index(chunked, 3)
                | index(backendKeepAlive, 4) | index(clientHttp10, 5) | index(clientKeepAlive, 6)
                | index(requestComplete, 7)];
    }

    /** An answer to HEAD, a 204 and a 304 carry no body, whatever their headers say. */
    public static boolean bodyless(boolean headRequest, int status) {
        return headRequest || status == 204 || status == 304;
    }

    /**
     * After an answer the router wrote itself (an error), the client connection is kept only when the client asked
     * for it and nothing of its request is left unread.
     */
    public static boolean keepClientAfterRouterAnswer(boolean clientKeepAlive, boolean requestComplete,
                                                      boolean hasBody) {
        return clientKeepAlive && (requestComplete || !hasBody);
    }

    private static ResponseFraming compute(boolean bodyless, boolean backendLength, boolean lengthKept,
                                           boolean chunked, boolean backendKeepAlive, boolean clientHttp10,
                                           boolean clientKeepAlive, boolean requestComplete) {
        boolean closeDelimited = !bodyless && !backendLength && !chunked;
        boolean unframed = !bodyless && !lengthKept && !chunked;
        boolean chunk = unframed && !clientHttp10;
        boolean unchunk = !unframed && clientHttp10 && chunked;
        boolean closeClient = unframed && clientHttp10 || unchunk;
        boolean keepClient = clientKeepAlive && !closeClient && requestComplete;
        ConnectionHeader connection = !keepClient ? ConnectionHeader.CLOSE
                : clientHttp10 ? ConnectionHeader.KEEP_ALIVE : ConnectionHeader.NONE;
        return new ResponseFraming(chunk, unchunk, backendKeepAlive && !closeDelimited, keepClient, connection);
    }

    private static int index(boolean value, int bit) {
        return value ? 1 << bit : 0;
    }

    private static boolean bit(int index, int bit) {
        return (index & 1 << bit) != 0;
    }
}
