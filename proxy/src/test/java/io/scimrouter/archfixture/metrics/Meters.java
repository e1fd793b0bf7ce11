package io.scimrouter.archfixture.metrics;

/** Fixture for LayeringRulesTest: an observer of exchanges. */
public final class Meters {
    public static void count() {
    }
}
