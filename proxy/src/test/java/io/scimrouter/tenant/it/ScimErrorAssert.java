package io.scimrouter.tenant.it;

import io.scimrouter.testing.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error the router answers itself must look like (RFC 7644 section 3.12). */
final class ScimErrorAssert {
    private ScimErrorAssert() {
    }

    static void assertScimError(RawHttp.Response response, int status, String detailContains) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(response.bodyText())
                .contains("\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"]")
                .contains("\"status\":\"" + status + "\"")
                .contains(detailContains);
    }
}
