package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.common.constants.ResourceTypeNames;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import java.time.Clock;
import java.util.Optional;

/** Groups of every tenant, in memory; RFC 7643 asks no uniqueness of {@code displayName}. */
final class InMemoryGroupHandler extends InMemoryResourceHandler<Group> {

    InMemoryGroupHandler(Clock clock) {
        super(ResourceTypeNames.GROUPS, Group.class, clock, Optional.empty());
    }
}
