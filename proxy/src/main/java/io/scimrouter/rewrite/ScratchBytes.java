package io.scimrouter.rewrite;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread arrays for what lives only within one call of a rewriter: the copy of a chunk that has no backing
 * array, a replacement string, a URL value that began in an earlier chunk and its decoded chars. A rewriter lasts one
 * body, so arrays of its own would be allocated for every small SCIM answer. A rewriter's calls never nest, so one
 * array per purpose and thread is enough.
 */
final class ScratchBytes {
    static final int CHUNK = 0;
    static final int REPLACEMENT = 1;
    static final int VALUE = 2;
    /** Larger arrays are handed out once and not kept: one odd body must not pin memory on every thread. */
    private static final int MAX_KEPT = 64 * 1024;
    private static final FastThreadLocal<byte[][]> ARRAYS = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[4096], new byte[256], new byte[256]};
        }
    };
    private static final FastThreadLocal<char[][]> CHARS = new FastThreadLocal<>() {
        @Override
        protected char[][] initialValue() {
            return new char[][] {new char[256]};
        }
    };

    private ScratchBytes() {
    }

    /** This thread's array for {@code purpose}, at least {@code length} long, valid until the call returns. */
    static byte[] get(int purpose, int length) {
        byte[][] arrays = ARRAYS.get();
        byte[] kept = arrays[purpose];
        if (kept.length >= length) {
            return kept;
        }
        byte[] grown = new byte[Math.max(length, kept.length * 2)];
        if (grown.length <= MAX_KEPT) {
            arrays[purpose] = grown;
        }
        return grown;
    }

    /** This thread's char array for decoded text, at least {@code length} long, valid until the call returns. */
    static char[] chars(int length) {
        char[][] arrays = CHARS.get();
        char[] kept = arrays[0];
        if (kept.length >= length) {
            return kept;
        }
        char[] grown = new char[Math.max(length, kept.length * 2)];
        if (grown.length <= MAX_KEPT / 2) {
            arrays[0] = grown;
        }
        return grown;
    }
}
