package io.scimrouter.archfixture.net;

import io.scimrouter.archfixture.route.ParserThatKnowsTheFrontend;

/** Fixture for LayeringRulesTest: a leaf that is not one. */
public final class TransportThatKnowsTheRoute {
    ParserThatKnowsTheFrontend parser;
}
