package io.scimrouter.testing;

import io.scimrouter.Router;

import java.net.URI;

/**
 * Runs a router in a separate JVM for memory-bound tests (-Xmx64m): prints {@code PORT=n} once listening and exits
 * when its standard input closes, so a dying test never leaves it behind.
 */
public final class ChildRouterMain {
    private ChildRouterMain() {
    }

    public static void main(String[] args) throws Exception {
        URI backend = URI.create(args[0]);
        try (Router router = new Router(TestConfigs.defaults(backend)).start()) {
            System.out.println("PORT=" + router.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
