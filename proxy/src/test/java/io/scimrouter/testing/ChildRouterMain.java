package io.scimrouter.testing;

import io.scimrouter.Router;
import io.scimrouter.RouterSeams;
import io.scimrouter.rewrite.RewriterKind;

import java.net.URI;

/**
 * Runs a router in a separate JVM for memory-bound tests (-Xmx64m): prints {@code PORT=n} once listening and exits
 * when its standard input closes, so a dying test never leaves it behind. Arguments: the backend's URI, then
 * optionally a {@link RewriterKind} name; without it the router rewrites as in production (and never touches
 * {@code RewriterKind}, so that a class-loading log shows production's classes only).
 */
public final class ChildRouterMain {
    private ChildRouterMain() {
    }

    public static void main(String[] args) throws Exception {
        URI backend = URI.create(args[0]);
        Router router = new Router(TestConfigs.defaults(backend));
        if (args.length > 1) {
            chooseRewriters(router, args[1]);
        }
        try (Router started = router.start()) {
            System.out.println("PORT=" + started.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }

    private static void chooseRewriters(Router router, String kind) {
        RouterSeams.rewriters(router, RewriterKind.valueOf(kind));
    }
}
