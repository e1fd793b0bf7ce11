package io.scimrouter.shadow;

import java.util.Locale;

/** How one sampled read ended, as the {@code result} label of {@code scim_router_shadow_total}. */
public enum ShadowResult {
    /** Both upstreams gave the same status and the same document. */
    MATCH,
    /** They differ: logged with the JSON paths, never the values. */
    MISMATCH,
    /** A comparison could not be made: an upstream failed, timed out, or answered over the body limit. */
    ERROR,
    /** Sampled while {@code maxConcurrent} comparisons were in flight: not compared. */
    DROPPED;

    /** The label value, lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
