package io.scimrouter.route;

/**
 * A routable request.
 *
 * @param tenantAware    true for the {@code /v2} forms
 * @param project        the project segment, as sent (still percent-encoded if it was)
 * @param environment    the environment segment, as sent
 * @param tenant         the tenant key: the explicit key, the default tenant, or null on the legacy route
 * @param explicitTenant true when the client named the tenant ({@code /v2/{tenant}/...})
 * @param backendTarget  path and query to send to the backend; the query is the client's, byte for byte
 * @param clientBase     the base path the client addressed, e.g. {@code /scim/v2/p1/e1/v2/acme}
 * @param legacyBase     the legacy base path, e.g. {@code /scim/v2/p1/e1}
 */
public record Route(
        boolean tenantAware,
        String project,
        String environment,
        String tenant,
        boolean explicitTenant,
        String backendTarget,
        String clientBase,
        String legacyBase) implements RouteDecision {
}
