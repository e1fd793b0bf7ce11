package io.scimrouter.archfixture.server;

import io.scimrouter.archfixture.metrics.Meters;

/** Fixture for LayeringRulesTest: the network side calling an observer instead of telling its listener. */
public final class FrontendThatCountsItself {
    void exchangeEnded() {
        Meters.count();
    }
}
