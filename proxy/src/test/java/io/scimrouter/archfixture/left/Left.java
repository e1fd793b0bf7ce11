package io.scimrouter.archfixture.left;

import io.scimrouter.archfixture.right.Right;

/** Fixture for LayeringRulesTest: one half of a package cycle. */
public final class Left {
    Right right;
}
