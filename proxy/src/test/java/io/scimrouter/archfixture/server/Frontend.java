package io.scimrouter.archfixture.server;

/** Fixture for LayeringRulesTest: a class of the network side. */
public final class Frontend {
}
