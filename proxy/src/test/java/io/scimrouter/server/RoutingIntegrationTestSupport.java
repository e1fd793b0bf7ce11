package io.scimrouter.server;

import io.scimrouter.testing.RawHttp;

/** Shared assertions of the integration tests. */
public final class RoutingIntegrationTestSupport {
    private RoutingIntegrationTestSupport() {
    }

    public static void assertScimError(RawHttp.Response r, int status) {
        RoutingIntegrationTest.assertScimError(r, status);
    }
}
