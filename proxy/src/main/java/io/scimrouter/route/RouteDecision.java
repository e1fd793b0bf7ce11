package io.scimrouter.route;

/** What {@link RouteParser} made of a request target: a {@link Route} to forward, or a {@link RouteRejection}. */
public sealed interface RouteDecision permits Route, RouteRejection {
}
