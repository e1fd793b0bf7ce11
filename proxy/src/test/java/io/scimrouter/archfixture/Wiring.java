package io.scimrouter.archfixture;

/** Fixture for LayeringRulesTest: the root package. */
public final class Wiring {
}
