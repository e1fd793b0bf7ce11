package io.scimrouter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void provisioningMix_cyclesLookupCreatePatchGroupDeactivate() throws Exception {
        ScimRequest lookup = Scenario.PROVISIONING_MIX.request(40);
        ScimRequest create = Scenario.PROVISIONING_MIX.request(41);
        ScimRequest patchGroup = Scenario.PROVISIONING_MIX.request(42);
        ScimRequest deactivate = Scenario.PROVISIONING_MIX.request(43);

        assertThat(lookup.method()).isEqualTo(HttpMethod.GET);
        assertThat(lookup.pathAndQuery()).isEqualTo("/Users?filter=userName%20eq%20%22loaduser-10%40example.com%22");
        assertThat(create.method()).isEqualTo(HttpMethod.POST);
        assertThat(new ObjectMapper().readTree(create.body()).get("userName").asText())
                .isEqualTo("loaduser-10@example.com");
        assertThat(patchGroup.method()).isEqualTo(HttpMethod.PATCH);
        assertThat(patchGroup.pathAndQuery()).startsWith("/Groups/g-");
        assertThat(new ObjectMapper().readTree(patchGroup.body()).at("/Operations/0/value/0/value").asText())
                .isEqualTo("u-11");
        assertThat(deactivate.pathAndQuery()).isEqualTo("/Users/u-7");
        assertThat(new ObjectMapper().readTree(deactivate.body()).at("/Operations/0/value/active").asBoolean(true))
                .isFalse();
    }

    @Test
    void fromCliName_rejectsUnknownNames() {
        assertThat(Scenario.fromCliName("Patch-Group-Members")).isEqualTo(Scenario.PATCH_GROUP_MEMBERS);
        assertThatThrownBy(() -> Scenario.fromCliName("nope")).hasMessageContaining("get-user");
    }

    @Test
    void basePathFor_spreadsOverTenantsOrKeepsThePlainBase() {
        LoadOptions plain = LoadOptions.defaults(URI.create("http://127.0.0.1:1/scim/v2/p1/e1/"));
        LoadOptions tenants = plain.withTenants(3, "t");

        assertThat(plain.basePathFor(5)).isEqualTo("/scim/v2/p1/e1");
        assertThat(tenants.basePathFor(0)).isEqualTo("/scim/v2/p1/e1/v2/t1");
        assertThat(tenants.basePathFor(5)).isEqualTo("/scim/v2/p1/e1/v2/t3");
        assertThat(tenants.basePathFor(6)).isEqualTo("/scim/v2/p1/e1/v2/t1");
    }
}
