package io.scimrouter.route;

/** A request target the router refuses before any backend call; {@code status} is the HTTP status to answer. */
public record RouteRejection(int status, String detail) implements RouteDecision {

    static RouteRejection badRequest(String detail) {
        return new RouteRejection(400, detail);
    }

    static RouteRejection notFound(String detail) {
        return new RouteRejection(404, detail);
    }
}
