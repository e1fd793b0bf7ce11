package io.scimrouter.archfixture.right;

import io.scimrouter.archfixture.left.Left;

/** Fixture for LayeringRulesTest: the other half of a package cycle. */
public final class Right {
    Left left;
}
