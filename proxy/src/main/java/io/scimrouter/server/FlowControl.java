package io.scimrouter.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;

/**
 * The one owner of backpressure for a client connection and the backend connection its exchange holds: the only
 * place that switches reading on and off (Netty's autoRead), in both directions.
 *
 * <pre>
 *              request direction: client --read--> router --write--> backend
 *
 *   client ====> [ codec | frontend ] ==== queued body, pipelined requests ====> [ backend connection ] ====> backend
 *     ^ reads on while there is room:                                              write buffer; its watermarks
 *     | - closing                                        -> off, for good           (Netty: 32/64 KiB) make it
 *     | - pipelined requests held > 16 or > 64 KiB        -> off                     not writable
 *     | - no exchange                                    -> on
 *     | - exchange receiving a small body whole          -> on (bounded by server.requestBuffer.maxBytes)
 *     | - exchange before its head is written            -> on while its queued body <= 64 KiB
 *     | - exchange streaming its body to the backend     -> on while the backend connection is writable
 *     | - exchange whose request is complete             -> on (what comes is a next request, bounded above)
 *
 *              response direction: backend --read--> router --write--> client
 *
 *   backend ====> [ upstream codec | exchange ] ====> [ client connection ] ====> client
 *     ^ reads on while the client connection is writable: its watermarks (32/64 KiB) bound the answer bytes the
 *     | router holds per client. Paused when a written chunk leaves it not writable, resumed by its writability
 *     | event; switched back on when the connection returns to the pool, so an idle pooled connection notices a close.
 * </pre>
 *
 * Everything runs on the client's event loop. A decision is applied only when it changes, so the common small
 * request costs no epoll_ctl toggles.
 */
final class FlowControl {
    /** What may be read ahead from a client while its request waits (routing, lookup, a previous answer). */
    static final long MAX_HELD_BYTES = 64 * 1024;
    /** Pipelined messages held behind the current exchange. */
    static final int MAX_PIPELINED_MESSAGES = 16;
    /** What a pipelined head counts for against {@link #MAX_HELD_BYTES}. */
    private static final int HEAD_SIZE = 256;

    private final ProxyFrontendHandler frontend;
    private final Channel client;
    /** The backend connection of the current exchange, while it holds one. */
    private Channel backend;
    private int pipelinedMessages;
    private long pipelinedBytes;

    FlowControl(ProxyFrontendHandler frontend, Channel client) {
        this.frontend = frontend;
        this.client = client;
    }

    // ---- request direction: reading the client ------------------------------------------------------------------

    /** Decides whether the client is read, from the rules above, and applies it. */
    void update() {
        clientReads(clientMayBeRead());
    }

    private boolean clientMayBeRead() {
        if (frontend.closing()) {
            return false;
        }
        if (pipelinedMessages > MAX_PIPELINED_MESSAGES || pipelinedBytes > MAX_HELD_BYTES) {
            return false; // pipelined requests wait for this answer; hold only a bounded amount of them
        }
        Exchange ex = frontend.exchange();
        if (ex == null) {
            return true;
        }
        if (!ex.phase().requestHeadWritten()) {
            // a body being buffered is bounded by its limit; else routing and leasing get a bounded head start
            return ex.buffering() || ex.queuedBytes() <= MAX_HELD_BYTES;
        }
        return ex.requestComplete() || backend == null || backend.isWritable();
    }

    /** A message of a pipelined request is held until the current exchange ends. */
    void pipelinedHeld(Object msg) {
        pipelinedMessages++;
        pipelinedBytes += sizeOf(msg);
    }

    /** A held pipelined message was replayed or dropped. */
    void pipelinedReleased(Object msg) {
        pipelinedMessages--;
        pipelinedBytes -= sizeOf(msg);
    }

    /** The client connection is being closed: nothing more is read from it. */
    void stopReadingClient() {
        client.config().setAutoRead(false);
    }

    private void clientReads(boolean read) {
        // toggling costs a system call (epoll_ctl): only when the decision changes
        if (client.config().isAutoRead() != read) {
            client.config().setAutoRead(read);
        }
    }

    private static long sizeOf(Object msg) {
        return msg instanceof HttpContent c ? c.content().readableBytes() : HEAD_SIZE;
    }

    // ---- response direction: reading the backend ----------------------------------------------------------------

    /** The exchange leased {@code connection}: it is read while the client keeps up. */
    void backendLeased(Channel connection) {
        backend = connection;
        backendReads(client.isWritable());
    }

    /**
     * The exchange let go of its connection; {@code toPool} when it goes back to the pool, whose idle connections
     * must be read to notice a close.
     */
    void backendReleased(boolean toPool) {
        if (toPool) {
            backendReads(true);
        }
        backend = null;
    }

    /** The client connection's writability changed: the answer's flow follows it. */
    void clientWritabilityChanged() {
        if (backend != null) {
            backendReads(client.isWritable());
        }
    }

    /**
     * A chunk of the answer was written (not flushed) to the client. If that filled its buffer, the backend pauses
     * first and the client is flushed after: the flush may drain it at once, and its writability event resumes us.
     */
    void answerWritten() {
        if (!client.isWritable()) {
            backendReads(false);
            client.flush();
        }
    }

    /** The backend is held back for a slow client: time that is not the backend's stall. */
    boolean backendPaused() {
        return backend != null && !backend.config().isAutoRead();
    }

    private void backendReads(boolean read) {
        backend.config().setAutoRead(read);
    }
}
