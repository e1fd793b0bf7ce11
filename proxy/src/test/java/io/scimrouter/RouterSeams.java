package io.scimrouter;

import io.scimrouter.rewrite.JsonUrlRewriter;

/**
 * The router's package-private test seams, opened to the test harness in other packages
 * ({@link io.scimrouter.testing.RouterExtension}, {@link io.scimrouter.testing.ChildRouterMain}). Test sources only:
 * the jar has no way to reach them.
 */
public final class RouterSeams {
    private RouterSeams() {
    }

    /** {@link Router#rewriters}: the router makes its body rewriters with {@code factory}; before start. */
    public static Router rewriters(Router router, JsonUrlRewriter.Factory factory) {
        return router.rewriters(factory);
    }
}
