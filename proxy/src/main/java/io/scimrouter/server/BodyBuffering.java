package io.scimrouter.server;

import io.scimrouter.policy.RequestBuffering;

/**
 * One exchange's request buffering (server.requestBuffer): whether its body is held back until it is whole, and the
 * share of the shared {@link BufferBudget} it takes for that. Decided from the head by {@link RequestBuffering}: a
 * declared length within the limit is reserved at once; a chunked body takes its budget chunk by chunk while it stays
 * within the limit; a body that does not fit the budget, or outgrows it or the limit, streams (with what was held so
 * far). The budget goes back once, when the body leaves the router or the exchange ends.
 *
 * <p>Holds no bytes (the exchange's {@link BodyQueue} does) and no Netty types; lives on the exchange's event loop.
 */
final class BodyBuffering {
    private final RequestBuffering policy;
    private final BufferBudget budget;
    /** The body is held back until it is whole; false once it streams. */
    private boolean holding;
    /** Chunked: the budget is taken chunk by chunk while the body stays small. */
    private boolean growing;
    /** Bytes of the budget this exchange holds, until its body leaves. */
    private long reserved;

    BodyBuffering(RequestBuffering policy, BufferBudget budget) {
        this.policy = policy;
        this.budget = budget;
    }

    /**
     * Decides from the head whether the body is held, and takes the budget for a declared length.
     *
     * @param contentLength the declared Content-Length, or -1 (chunked)
     */
    void plan(boolean hasBody, long contentLength) {
        if (!hasBody) {
            return;
        }
        switch (policy.plan(true, contentLength)) {
            case WHOLE -> {
                if (budget.tryReserve(contentLength)) {
                    reserved = contentLength;
                    holding = true;
                }
            }
            case GROWING -> {
                holding = true;
                growing = true;
            }
            default -> {
                // larger than the limit: streams
            }
        }
    }

    /** The body is held back until it is whole: its size is bounded by the buffering limit. */
    boolean holding() {
        return holding;
    }

    /**
     * A chunk of {@code size} bytes arrived that is not the body's last, making {@code bodyBytes} so far. A growing
     * body takes its budget for it; past the limit, or past the budget, it streams from here.
     */
    void grew(long bodyBytes, int size) {
        if (!growing) {
            return;
        }
        if (policy.fits(bodyBytes) && budget.tryReserve(size)) {
            reserved += size;
            return;
        }
        holding = false;
        growing = false;
    }

    /** Gives back the budget held (the body left the router's hands, or the exchange ended); again: nothing. */
    void release() {
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    /** Bytes of the budget held now. */
    long reserved() {
        return reserved;
    }
}
