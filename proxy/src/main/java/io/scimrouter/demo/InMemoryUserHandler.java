package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.common.constants.ResourceTypeNames;
import de.captaingoldfish.scim.sdk.common.resources.User;
import java.time.Clock;
import java.util.Optional;

/** Users of every tenant, in memory; {@code userName} is unique per tenant (RFC 7643 section 4.1.1). */
final class InMemoryUserHandler extends InMemoryResourceHandler<User> {

    InMemoryUserHandler(Clock clock) {
        super(ResourceTypeNames.USER, User.class, clock,
                Optional.of(new UniqueAttribute<>("userName", User::getUserName)));
    }
}
