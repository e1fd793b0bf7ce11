package io.scimrouter.policy;

/**
 * The lifecycle of one exchange (a request and its answer), and the only steps it may take. An exchange moves with
 * {@link #moveTo}, which refuses any step not drawn here, and ends in exactly one of the four terminal phases.
 *
 * <pre>
 *                   admitted head
 *                        |
 *                        v
 *                    ROUTING              the tenant lookup runs; body chunks queue
 *                        | tenant known  \
 *                        |                v
 *                        |            BUFFERING      a small body is received whole first (server.requestBuffer)
 *                        |                | whole, or grown past the limit
 *                        v                v
 *          +-------> LEASING <------------+          a connection from this event loop's pool
 *          |             | leased
 *          |             v
 *          +------- SENDING_HEAD          head and queued body written, not yet confirmed
 *          |             | written
 *   retry  |             v
 *   once,  +------- AWAITING_RESPONSE <------+
 *   fresh  |             |        |          | its end
 *   conn.  |             |        +-----> INTERIM         a 1xx answer
 *          +-------------|-------------------+
 *                        |
 *          answer head   +-------------+  answer head, body to rewrite
 *                        |             v
 *                        |        HEAD_HELD               held until the rewriter has bytes
 *                        v             | first bytes
 *                   RESPONDING <-------+
 *                        | last chunk written
 *                        v
 *                      DONE
 *
 *   FAILED     the router answered with its own SCIM error, nothing of the backend's answer was sent
 *              (from ROUTING, BUFFERING, LEASING, SENDING_HEAD, AWAITING_RESPONSE, INTERIM, HEAD_HELD)
 *   CUT        the answer broke after it began: the client connection closes short of its end (from RESPONDING)
 *   ABANDONED  the client went away (from every phase that is not terminal)
 * </pre>
 */
public enum ExchangePhase {
    /** Admitted; waiting for the tenant decision. Request body chunks are queued. */
    ROUTING,
    /**
     * The tenant is known; the rest of a small body is awaited before any backend connection is taken, so a broken
     * or slow body never reaches (or holds) the backend.
     */
    BUFFERING,
    /** Waiting for a backend connection from the event loop's pool (also for the one retry). */
    LEASING,
    /** The request head (and the body queued so far) is being written; not yet confirmed. */
    SENDING_HEAD,
    /** The head is on the wire; the body streams straight through; the answer has not begun. */
    AWAITING_RESPONSE,
    /** A 1xx interim answer arrived; its end is skipped, then the final answer is awaited again. */
    INTERIM,
    /** The final answer's head arrived and is held until the response rewriter produces its first bytes. */
    HEAD_HELD,
    /** The answer's head was sent to the client; its body streams. */
    RESPONDING,
    /** Terminal: the whole answer was written to the client. */
    DONE,
    /** Terminal: the router answered with a SCIM error of its own. */
    FAILED,
    /** Terminal: the answer was cut after it began; the client connection closes short of the answer's end. */
    CUT,
    /** Terminal: the client connection closed first. */
    ABANDONED;

    private static final int[] NEXT = new int[values().length];

    static {
        allow(ROUTING, BUFFERING, LEASING, FAILED, ABANDONED);
        allow(BUFFERING, LEASING, FAILED, ABANDONED);
        allow(LEASING, SENDING_HEAD, FAILED, ABANDONED);
        allow(SENDING_HEAD, AWAITING_RESPONSE, LEASING, FAILED, ABANDONED);
        allow(AWAITING_RESPONSE, INTERIM, HEAD_HELD, RESPONDING, LEASING, FAILED, ABANDONED);
        allow(INTERIM, AWAITING_RESPONSE, LEASING, FAILED, ABANDONED);
        allow(HEAD_HELD, RESPONDING, FAILED, ABANDONED);
        allow(RESPONDING, DONE, CUT, ABANDONED);
    }

    private static void allow(ExchangePhase from, ExchangePhase... to) {
        for (ExchangePhase next : to) {
            NEXT[from.ordinal()] |= 1 << next.ordinal();
        }
    }

    /** True when this phase may be followed by {@code next}. */
    public boolean canMoveTo(ExchangePhase next) {
        return (NEXT[ordinal()] & 1 << next.ordinal()) != 0;
    }

    /**
     * The guarded step: returns {@code next}, or throws when the diagram has no such arrow (a bug in the caller,
     * never a client's or a backend's doing).
     */
    public ExchangePhase moveTo(ExchangePhase next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("exchange cannot go from " + this + " to " + next);
        }
        return next;
    }

    /** DONE, FAILED, CUT or ABANDONED: nothing follows. */
    public boolean terminal() {
        return ordinal() >= DONE.ordinal();
    }

    /** The exchange holds a backend connection. */
    public boolean holdsBackend() {
        return ordinal() >= SENDING_HEAD.ordinal() && ordinal() <= RESPONDING.ordinal();
    }

    /** The request head is confirmed on the wire: body chunks go straight to the backend instead of the queue. */
    public boolean requestHeadWritten() {
        return ordinal() >= AWAITING_RESPONSE.ordinal() && ordinal() <= RESPONDING.ordinal();
    }

    /** The backend's final answer began (its head arrived): a retry is no longer possible. */
    public boolean answerStarted() {
        return this == HEAD_HELD || this == RESPONDING;
    }
}
