package io.scimrouter.archfixture.demo;

import io.scimrouter.archfixture.server.Frontend;

/** Fixture for LayeringRulesTest: a backend stand-in that uses the router's code. */
public final class DemoThatSharesRouterCode {
    Frontend frontend;
}
