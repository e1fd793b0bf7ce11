package io.scimrouter.rewrite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TenantUrlPlanBoundaryTest {

    @Test
    void aMissingContentType_isNotJson() {
        assertThat(TenantUrlPlan.isJson(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/x+json", "TEXT/JSON", " application/json ", "application/json ; charset=utf-8",
        "application/problem+json;q=1", "text/vnd.a+json;x=y;z"})
    void jsonTypes_withCaseSpacesAndParameters_areJson(String type) {
        assertThat(TenantUrlPlan.isJson(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json-seq", "xapplication/json", "text/jsonp", "+json",
        "application/+jsonx", ";application/json", "audio/x+json", "application", "application/json5"})
    void lookAlikes_areNotJson(String type) {
        assertThat(TenantUrlPlan.isJson(type)).isFalse();
    }

    @Test
    void originsThatDifferOnlyInCase_giveOneBase_andExtraOriginsLoseOneTrailingSlash() {
        TenantUrlPlan plan = TenantUrlPlan.of("https://Scim.Example.com", "https://scim.example.COM",
                List.of("https://SCIM.example.com/", "http://10.0.0.5:8080", "http://10.0.0.5:8080/"),
                "/scim/v2/p1/e1", "/scim/v2/p1/e1/v2/acme");
        assertThat(plan.responses().fromBases()).containsExactlyInAnyOrder(
                "https://scim.example.com/scim/v2/p1/e1", "http://10.0.0.5:8080/scim/v2/p1/e1");
        assertThat(plan.responses().toBase()).isEqualTo("https://Scim.Example.com/scim/v2/p1/e1/v2/acme");
        assertThat(plan.requests().fromBases()).containsExactly("https://scim.example.com/scim/v2/p1/e1/v2/acme");
        assertThat(plan.requests().toBase()).isEqualTo("https://Scim.Example.com/scim/v2/p1/e1");
    }

    @Test
    void everyOriginGivesItsOwnBase_inTheOrderOfLength() {
        TenantUrlPlan plan = TenantUrlPlan.of("https://public.example.com", "http://b:1",
                List.of("https://legacy.example.com"), "/scim/v2/p1/e1", "/scim/v2/p1/e1/v2");
        assertThat(plan.responses().fromBases()).containsExactly("https://public.example.com/scim/v2/p1/e1",
                "https://legacy.example.com/scim/v2/p1/e1", "http://b:1/scim/v2/p1/e1");
        assertThat(plan.responses().map("http://b:1/scim/v2/p1/e1/Users/1"))
                .isEqualTo("https://public.example.com/scim/v2/p1/e1/v2/Users/1");
    }
}
