package io.scimrouter.rewrite;

/**
 * Bounds on what one JSON body may contain before the rewriter gives up on it. They cap the memory a single body can
 * take: the rewriter holds back at most one unfinished token, and a token is never longer than these allow.
 *
 * @param maxStringLength longest string value, in characters, and longest field name, in UTF-8 bytes (both after
 *                        unescaping; jackson-core counts names in bytes, and both rewriters follow it)
 * @param maxNestingDepth deepest nesting of objects and arrays
 */
public record RewriteLimits(int maxStringLength, int maxNestingDepth) {

    /** Generous for SCIM documents, small enough that a hostile body meets a limit long before memory runs out. */
    public static final RewriteLimits DEFAULT = new RewriteLimits(1 << 20, 64);

    public RewriteLimits {
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be positive: " + maxNestingDepth);
        }
    }
}
