package io.scimrouter.rewrite;

/** The two rewriters, so that every rewrite test runs against both. */
enum RewriterKind {
    SCANNING {
        @Override
        JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits) {
            return new ScanningUrlRewriter(mapping, limits);
        }
    },
    JACKSON {
        @Override
        JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits) {
            return new JacksonUrlRewriter(mapping, limits);
        }
    };

    abstract JsonUrlRewriter create(UrlMapping mapping, RewriteLimits limits);
}
