package io.scimrouter.demo;

import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ETagFeature;
import java.time.Clock;
import java.util.List;

/** Builds the SCIM SDK endpoint of the demo service: Users and Groups in memory, with what the SDK gives cheaply. */
final class DemoScimEndpoints {

    static final int MAX_RESULTS = 200;
    static final int MAX_BULK_OPERATIONS = 100;
    static final long MAX_PAYLOAD_BYTES = 1024 * 1024;

    private DemoScimEndpoints() {
    }

    static ResourceEndpoint create(Clock clock) {
        ResourceEndpoint endpoint = new ResourceEndpoint(serviceProvider());
        enableInMemoryQueries(endpoint.registerEndpoint(new UserEndpointDefinition(new InMemoryUserHandler(clock))));
        enableInMemoryQueries(endpoint.registerEndpoint(new GroupEndpointDefinition(new InMemoryGroupHandler(clock))));
        return endpoint;
    }

    /** The handlers return whole tenant partitions; the SDK filters, sorts and pages them and computes ETags. */
    private static void enableInMemoryQueries(ResourceType resourceType) {
        resourceType.getFeatures().setAutoFiltering(true);
        resourceType.getFeatures().setAutoSorting(true);
        resourceType.getFeatures().setETagFeature(new ETagFeature(true));
    }

    private static ServiceProvider serviceProvider() {
        return ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(MAX_RESULTS).build())
                .sortConfig(SortConfig.builder().supported(true).build())
                .patchConfig(PatchConfig.builder().supported(true).build())
                .eTagConfig(ETagConfig.builder().supported(true).build())
                .changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
                .bulkConfig(BulkConfig.builder()
                        .supported(true)
                        .maxOperations(MAX_BULK_OPERATIONS)
                        .maxPayloadSize(MAX_PAYLOAD_BYTES)
                        .build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder()
                        .name("OAuth Bearer Token")
                        .description("Authentication with a static bearer token (demo-token by default)")
                        .type("oauthbearertoken")
                        .specUri("https://www.rfc-editor.org/info/rfc6750")
                        .primary(true)
                        .build()))
                // IdPs such as Okta send application/json; accept it as RFC 7644 section 3.1 allows
                .lenientContentTypeChecking(true)
                .build();
    }
}
