package io.scimrouter.rewrite;

/**
 * The two rewriters, so that every rewrite test runs against both: the unit tests make them directly, the router-level
 * tests hand one to the router as its {@link JsonUrlRewriter.Factory} ({@code RouterExtension#rewriters}).
 */
public enum RewriterKind implements JsonUrlRewriter.Factory {
    SCANNING {
        @Override
        public JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits) {
            return new ScanningUrlRewriter(mapping, limits);
        }
    },
    JACKSON {
        @Override
        public JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits) {
            return new JacksonUrlRewriter(mapping, limits);
        }
    }
}
