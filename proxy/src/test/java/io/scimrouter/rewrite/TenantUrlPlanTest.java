package io.scimrouter.rewrite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TenantUrlPlanTest {
    private final TenantUrlPlan plan = TenantUrlPlan.of("https://scim.example.com", "http://10.0.0.5:8080",
            List.of("https://legacy.example.com/"), "/scim/v2/p1/e1", "/scim/v2/p1/e1/v2/acme");

    @Test
    void answers_mapEveryLegacyOrigin_toTheClientsForm() {
        for (String origin : List.of("http://10.0.0.5:8080", "https://scim.example.com", "https://legacy.example.com",
                "HTTPS://SCIM.EXAMPLE.COM")) {
            assertThat(plan.responses().map(origin + "/scim/v2/p1/e1/Users/7"))
                    .isEqualTo("https://scim.example.com/scim/v2/p1/e1/v2/acme/Users/7");
        }
        assertThat(plan.responses().map("https://scim.example.com/scim/v2/p1/e1"))
                .isEqualTo("https://scim.example.com/scim/v2/p1/e1/v2/acme");
    }

    @Test
    void answers_leaveLookAlikesAndTheClientsOwnFormAlone() {
        assertThat(plan.responses().map("https://scim.example.com/scim/v2/p1/e10/Users/7")).isNull();
        assertThat(plan.responses().map("https://scim.example.com/scim/v2/p1/e1x")).isNull();
        assertThat(plan.responses().map("https://other.example.com/scim/v2/p1/e1/Users/7")).isNull();
        assertThat(plan.responses().map("https://scim.example.com/scim/v2/p1/e1/v2/acme/Users/7")).isNull();
        assertThat(plan.responses().map("../Users/7")).isNull();
    }

    @Test
    void requests_mapTheClientsForm_backToTheLegacyForm() {
        assertThat(plan.requests().map("https://scim.example.com/scim/v2/p1/e1/v2/acme/Users/7"))
                .isEqualTo("https://scim.example.com/scim/v2/p1/e1/Users/7");
        assertThat(plan.requests().map("https://scim.example.com/scim/v2/p1/e1/v2/globex/Users/7")).isNull();
        assertThat(plan.requests().map("https://scim.example.com/scim/v2/p1/e1/Users/7")).isNull();
    }

    @Test
    void defaultTenantForm_mapsToTheV2Base() {
        TenantUrlPlan defaultTenant = TenantUrlPlan.of("http://h:8080", "http://h:8080", List.of(),
                "/scim/v2/p1/e1", "/scim/v2/p1/e1/v2");
        assertThat(defaultTenant.responses().map("http://h:8080/scim/v2/p1/e1/Groups/g"))
                .isEqualTo("http://h:8080/scim/v2/p1/e1/v2/Groups/g");
        assertThat(defaultTenant.requests().map("http://h:8080/scim/v2/p1/e1/v2/Users/7"))
                .isEqualTo("http://h:8080/scim/v2/p1/e1/Users/7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/scim+json", "application/json", "text/json", "application/vnd.x+json",
        "Application/SCIM+JSON; charset=utf-8", "application/json;charset=UTF-8"})
    void jsonContentTypes_areRecognised(String type) {
        assertThat(TenantUrlPlan.isJson(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/octet-stream", "json", "",
        "image/svg+xml", "multipart/x+json"})
    void otherContentTypes_areNot(String type) {
        assertThat(TenantUrlPlan.isJson(type)).isFalse();
    }
}
