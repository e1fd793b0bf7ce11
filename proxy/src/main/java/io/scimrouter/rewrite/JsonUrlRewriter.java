package io.scimrouter.rewrite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Rewrites the URL values of {@code location} and {@code $ref} fields in one JSON body while it streams, chunk by
 * chunk. One instance per body, used by one thread.
 *
 * <p>Only string values of fields named exactly {@code location} or {@code $ref} (after unescaping) whose unescaped
 * value starts with a base of the {@link UrlMapping} are replaced, written as ordinarily escaped JSON strings; every
 * other byte leaves exactly as it came. Memory per body is bounded by the longest token. Malformed JSON: from the
 * first error on, everything passes through unchanged and {@link #malformed()} turns true. A broken
 * {@link RewriteLimits} throws {@link RewriteLimitExceededException}.
 *
 * <p>Two implementations give byte-identical output:
 * <ul>
 *   <li>{@link ScanningUrlRewriter}, the one the proxy uses ({@link #create}): a byte-level structural scanner that
 *       decodes only field names and the values it may replace;</li>
 *   <li>{@link JacksonUrlRewriter}, jackson-core's non-blocking parser: the reference implementation and the oracle
 *       of the differential tests.</li>
 * </ul>
 */
public interface JsonUrlRewriter {

    /** The rewriter of the proxy path. */
    static JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits) {
        return new ScanningUrlRewriter(mapping, limits);
    }

    /**
     * Makes one body's rewriter. The router holds {@code JsonUrlRewriter::create}; only its tests put another in its
     * place (the reference), so that the router-level tests run against both rewriters.
     */
    @FunctionalInterface
    interface Factory {
        JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits);
    }

    /**
     * Takes the next chunk of the body, and ownership of it, and returns the bytes that can be sent now (possibly
     * empty, possibly the chunk itself). The caller releases the returned buffer.
     *
     * @throws RewriteLimitExceededException when a string, a name or the nesting is beyond the limits
     * @throws IllegalStateException after {@link #finish} or an earlier exception (the chunk is released)
     */
    ByteBuf feed(ByteBuf chunk, ByteBufAllocator alloc);

    /** Ends the body: returns the bytes still held back (the caller releases them). */
    ByteBuf finish(ByteBufAllocator alloc);

    /** True once the body turned out not to be JSON; from there on it passed through unchanged. */
    boolean malformed();

    /** How many URL values were replaced so far. */
    long rewrittenCount();
}
