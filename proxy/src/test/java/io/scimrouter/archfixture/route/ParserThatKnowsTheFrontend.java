package io.scimrouter.archfixture.route;

import io.scimrouter.archfixture.server.Frontend;

/** Fixture for LayeringRulesTest: a pure decision that imports the network side. */
public final class ParserThatKnowsTheFrontend {
    Frontend frontend;
}
