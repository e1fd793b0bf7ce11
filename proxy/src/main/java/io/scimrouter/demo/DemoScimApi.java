package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.common.constants.EndpointPaths;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo service's request pipeline, without Netty: bearer token, path, tenant, Host, query, then the SCIM SDK.
 * Each request runs in the {@link TenantScope} of its tenant header, so tenants never see each other's data.
 */
final class DemoScimApi {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScimApi.class);

    /** host[:port] or [ipv6][:port]; anything else could inject text into the absolute URLs we write. */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");
    /** Visible ASCII; the router enforces its own stricter tenant pattern before it sends the header. */
    private static final Pattern TENANT = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final DemoScimService.Options options;
    private final ResourceEndpoint endpoint;
    private final BearerTokenAuthenticator authenticator;
    private final String pathPrefix;
    /** Endpoint names by lower case, since some IdPs write {@code /users}. */
    private final Map<String, String> endpointNames;

    DemoScimApi(DemoScimService.Options options, ResourceEndpoint endpoint) {
        this.options = options;
        this.endpoint = endpoint;
        this.authenticator = new BearerTokenAuthenticator(options.bearerToken());
        this.pathPrefix = options.basePath() + "/" + options.project() + "/" + options.environment() + "/";
        this.endpointNames = Stream.concat(
                        endpoint.getRegisteredResourceTypes().stream().map(ResourceType::getEndpoint),
                        Stream.of(EndpointPaths.BULK))
                .map(name -> name.substring(1))
                .collect(Collectors.toUnmodifiableMap(name -> name.toLowerCase(Locale.ROOT), name -> name));
    }

    DemoResponse handle(DemoRequest request) {
        if (!authenticator.accepts(request.header("Authorization"))) {
            return DemoErrors.error(401, "Missing or invalid bearer token",
                    Map.of("WWW-Authenticate", "Bearer realm=\"scim-demo\""));
        }
        Optional<String> resourcePath = resourcePath(request.rawPath());
        if (resourcePath.isEmpty()) {
            return DemoErrors.error(404, "No SCIM resource at this path; this service serves " + pathPrefix
                    + "{Users|Groups|Bulk|ServiceProviderConfig|ResourceTypes|Schemas}");
        }
        Optional<HttpMethod> method = scimMethod(request.method());
        if (method.isEmpty()) {
            return DemoErrors.error(405, "Method not allowed",
                    Map.of("Allow", "GET, POST, PUT, PATCH, DELETE"));
        }
        String tenant = request.header(options.tenantHeader())
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .orElse(options.defaultTenant());
        if (!TENANT.matcher(tenant).matches()) {
            return DemoErrors.error(400, "Invalid " + options.tenantHeader() + " header");
        }
        Optional<String> host = request.header("Host").filter(value -> HOST.matcher(value).matches());
        if (host.isEmpty()) {
            return DemoErrors.error(400, "Missing or invalid Host header");
        }
        String query;
        try {
            query = QueryStrings.canonical(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return DemoErrors.error(400, "Malformed query string");
        }
        // Absolute URLs as a real service behind a proxy writes them: from the Host the client (or router) sent, and
        // the scheme the proxy says the client used (only https changes it: nothing else reaches a URL)
        boolean https = request.header("X-Forwarded-Proto").map(String::trim).filter("https"::equalsIgnoreCase)
                .isPresent();
        String url = (https ? "https://" : "http://") + host.get() + pathPrefix + resourcePath.get()
                + (query.isEmpty() ? "" : "?" + query);
        return callSdk(url, method.get(), request, tenant);
    }

    private DemoResponse callSdk(String url, HttpMethod method, DemoRequest request, String tenant) {
        Map<String, String> sdkHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sdkHeaders.putAll(request.headers());
        sdkHeaders.remove("authorization");
        String body = request.body().isEmpty() ? null : request.body();
        try {
            ScimResponse response = endpoint.handleRequest(url, method, body, sdkHeaders,
                    new Context(new TenantScope(tenant)));
            return toDemoResponse(response);
        } catch (RuntimeException e) {
            LOG.warn("Demo SCIM service failed on {} {}", method, request.rawPath(), e);
            return DemoErrors.error(500, "Internal error in the demo SCIM service");
        }
    }

    private static DemoResponse toDemoResponse(ScimResponse response) {
        int status = response.getHttpStatus();
        Map<String, String> headers = new HashMap<>(response.getHttpHeaders());
        if (status == 204) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
            return new DemoResponse(status, headers, "");
        }
        return new DemoResponse(status, headers, response.toString());
    }

    /** The part after {basePath}/{project}/{environment}/, its first segment in the endpoint's own spelling. */
    private Optional<String> resourcePath(String rawPath) {
        if (!rawPath.startsWith(pathPrefix)) {
            return Optional.empty();
        }
        String rest = rawPath.substring(pathPrefix.length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        String canonical = endpointNames.get(first.toLowerCase(Locale.ROOT));
        if (canonical == null) {
            return Optional.empty();
        }
        return Optional.of(canonical + (slash < 0 ? "" : rest.substring(slash)));
    }

    private static Optional<HttpMethod> scimMethod(String method) {
        return switch (method) {
            case "GET" -> Optional.of(HttpMethod.GET);
            case "POST" -> Optional.of(HttpMethod.POST);
            case "PUT" -> Optional.of(HttpMethod.PUT);
            case "PATCH" -> Optional.of(HttpMethod.PATCH);
            case "DELETE" -> Optional.of(HttpMethod.DELETE);
            default -> Optional.empty();
        };
    }
}
