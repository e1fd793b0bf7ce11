package io.scimrouter.archfixture.upstream;

import io.scimrouter.archfixture.Wiring;

/** Fixture for LayeringRulesTest: a package that imports the root package. */
public final class PoolThatImportsTheRoot {
    Wiring wiring;
}
