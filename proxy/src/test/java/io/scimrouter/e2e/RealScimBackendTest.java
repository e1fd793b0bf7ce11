package io.scimrouter.e2e;

import io.scimrouter.Router;
import io.scimrouter.demo.DemoScimService;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router in front of a real SCIM implementation (the SCIM SDK behind {@link DemoScimService}), started on its
 * own loopback port as a separately deployed legacy service would be. Asserts what that service answers through
 * each URL form, and checks on the service itself which tenant the router asked for.
 */
class RealScimBackendTest {
    private static final String TOKEN = "demo-token";

    private DemoScimService service;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        service = DemoScimService.start(DemoScimService.Options.defaults());
        router = new Router(TestConfigs.builder(URI.create(service.origin()))
                .staticTenants("demo", "dev", "acme", "globex").build()).start();
        assertThat(router.embeddedDemo()).isFalse();
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        service.close();
    }

    private ScimHttp scim(UrlForm form) {
        return ScimHttp.of(router.port(), form.prefix("demo", "dev"), TOKEN);
    }

    /** Straight to the service, bypassing the router, as the given tenant (null: no tenant header). */
    private ScimHttp direct(String tenant) {
        ScimHttp direct = new ScimHttp(service.baseUrl(), TOKEN);
        return tenant == null ? direct : direct.withHeader("X-Tenant-Id", tenant);
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void fullScimCycle_throughEachUrlForm(UrlForm form) {
        ScimCycle.run(scim(form));
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void userCreatedThroughTheRouter_landsInTheServicePartitionOfItsForm(UrlForm form) {
        String id = scim(form).createUser("frank").id();

        assertThat(direct(form.tenant()).get("/Users/" + id).body().path("userName").asText()).isEqualTo("frank");
        for (String other : new String[] {"globex", form == UrlForm.TENANT_ACME ? "default" : "acme"}) {
            assertScimError(direct(other).get("/Users/" + id), 404);
        }
    }

    @Test
    void legacyForm_answersWithTheUrlsTheClientSawWithoutTheRouter() {
        Reply created = scim(UrlForm.LEGACY).createUser("grace");
        String expected = "http://127.0.0.1:" + router.port() + "/scim/v2/demo/dev/Users/" + created.id();
        assertThat(created.body().at("/meta/location").asText()).isEqualTo(expected);
        assertThat(created.header("Location")).contains(expected);
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void absoluteUrls_neverNameTheServiceItself(UrlForm form) {
        Reply created = scim(form).createUser("heidi");
        String internal = "127.0.0.1:" + service.port();
        assertThat(created.body().at("/meta/location").asText()).doesNotContain(internal);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain(internal));
        assertThat(scim(form).get("/Users").raw().body()).doesNotContain(internal);
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void etags_andConditionalReplace_workThroughEachForm(UrlForm form) {
        ScimHttp scim = scim(form);
        String id = scim.createUser("ivan").id();
        Reply fetched = scim.get("/Users/" + id);
        String version = fetched.body().at("/meta/version").asText();
        assertThat(version).isNotBlank();
        assertThat(fetched.header("ETag")).contains(version);

        String replacement = """
                {"schemas":["%s"],"userName":"ivan.k"}
                """.formatted(ScimHttp.USER_SCHEMA);
        Reply stale = scim.withHeader("If-Match", "W/\"stale\"").put("/Users/" + id, replacement);
        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        assertThat(scim.get("/Users/" + id).body().path("userName").asText()).isEqualTo("ivan");

        Reply current = scim.withHeader("If-Match", version).put("/Users/" + id, replacement);
        assertThat(current.status()).as("%s", current).isEqualTo(200);
        assertThat(scim.get("/Users/" + id).body().path("userName").asText()).isEqualTo("ivan.k");
    }

    @Test
    void bulkThroughTheTenantForm_createsInThatTenantOnly() {
        Reply bulk = scim(UrlForm.TENANT_ACME).post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                  {"method":"POST","path":"/Users","bulkId":"u1",
                   "data":{"schemas":["%1$s"],"userName":"judy"}},
                  {"method":"POST","path":"/Users","bulkId":"u2",
                   "data":{"schemas":["%1$s"],"userName":"ken"}}]}
                """.formatted(ScimHttp.USER_SCHEMA));
        assertThat(bulk.status()).as("%s", bulk).isEqualTo(200);
        assertThat(bulk.body().path("Operations").findValuesAsText("status")).containsExactly("201", "201");

        assertThat(direct("acme").get("/Users?sortBy=userName").body().findValuesAsText("userName"))
                .containsExactly("judy", "ken");
        assertThat(direct("globex").get("/Users").body().path("totalResults").asInt()).isZero();
        assertThat(direct(null).get("/Users").body().path("totalResults").asInt()).isZero();
    }

    @Test
    void serviceErrors_passThroughAsTheServiceWroteThem() {
        ScimHttp acme = scim(UrlForm.TENANT_ACME);
        Reply invalid = acme.post("/Users", "{\"schemas\":[\"" + ScimHttp.USER_SCHEMA + "\"]}");
        assertScimError(invalid, 400);
        Reply direct = direct("acme").post("/Users", "{\"schemas\":[\"" + ScimHttp.USER_SCHEMA + "\"]}");
        assertThat(invalid.body().path("detail")).isEqualTo(direct.body().path("detail"));
        assertThat(invalid.body().path("scimType")).isEqualTo(direct.body().path("scimType"));
    }
}
