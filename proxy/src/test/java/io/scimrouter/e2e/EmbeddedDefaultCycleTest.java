package io.scimrouter.e2e;

import io.scimrouter.Router;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router on its embedded default (no backend.url: the in-memory demo SCIM service, project demo, environment
 * dev, tenants acme and globex, token demo-token), driven like an IdP through every URL form.
 */
class EmbeddedDefaultCycleTest {
    private static final String TOKEN = "demo-token";

    private Router router;

    @BeforeEach
    void start() throws Exception {
        router = new Router(ConfigLoader.load(null,
                Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "-1"))).start();
        assertThat(router.embeddedDemo()).isTrue();
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private ScimHttp scim(UrlForm form) {
        return ScimHttp.of(router.port(), form.prefix("demo", "dev"), TOKEN);
    }

    private ScimHttp tenant(String key) {
        return ScimHttp.of(router.port(), UrlForm.tenantPrefix("demo", "dev", key), TOKEN);
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void fullScimCycle_throughEachUrlForm(UrlForm form) {
        ScimCycle.run(scim(form));
    }

    @Test
    void userCreatedInAcme_isInvisibleFromGlobexDefaultAndLegacy() {
        Reply created = tenant("acme").createUser("carol");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.id();
        assertThat(tenant("acme").get("/Users/" + id).status()).isEqualTo(200);

        for (ScimHttp other : new ScimHttp[] {tenant("globex"), scim(UrlForm.DEFAULT_TENANT), scim(UrlForm.LEGACY)}) {
            assertScimError(other.get("/Users/" + id), 404);
            assertThat(other.findUser("carol").body().path("totalResults").asInt())
                    .as("filter through %s", other.baseUrl()).isZero();
            assertThat(other.get("/Users").resourceIds()).as("list through %s", other.baseUrl()).isEmpty();
            assertThat(other.delete("/Users/" + id).status()).as("delete through %s", other.baseUrl())
                    .isEqualTo(404);
        }
        assertThat(tenant("acme").get("/Users/" + id).status()).as("still there after foreign deletes")
                .isEqualTo(200);
    }

    @Test
    void sameUserName_existsOnceInEachTenant() {
        String inAcme = tenant("acme").createUser("dave").id();
        Reply inGlobex = tenant("globex").createUser("dave");
        assertThat(inGlobex.status()).as("%s", inGlobex).isEqualTo(201);
        assertThat(inGlobex.id()).isNotEqualTo(inAcme);
        Reply inDefault = scim(UrlForm.DEFAULT_TENANT).createUser("dave");
        assertThat(inDefault.status()).as("%s", inDefault).isEqualTo(201);

        assertScimError(tenant("acme").createUser("dave"), 409);
        assertThat(tenant("acme").findUser("dave").resourceIds()).containsExactly(inAcme);
        assertThat(tenant("globex").findUser("dave").resourceIds()).containsExactly(inGlobex.id());
        assertThat(scim(UrlForm.DEFAULT_TENANT).findUser("dave").resourceIds()).containsExactly(inDefault.id());
    }

    @Test
    void legacyForm_andDefaultTenantForm_seeTheSameDefaultPartition() {
        String id = scim(UrlForm.LEGACY).createUser("erin").id();
        assertThat(scim(UrlForm.DEFAULT_TENANT).get("/Users/" + id).body().path("userName").asText())
                .isEqualTo("erin");
        assertScimError(tenant("acme").get("/Users/" + id), 404);
    }

    @Test
    void unknownTenant_isA404FromTheRouter() {
        Reply reply = tenant("initech").get("/Users");
        assertScimError(reply, 404);
        assertThat(reply.body().path("detail").asText()).contains("initech");
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void missingOrWrongToken_isRejectedByTheServiceThroughEachForm(UrlForm form) {
        String prefix = form.prefix("demo", "dev");
        assertScimError(ScimHttp.of(router.port(), prefix, null).get("/Users"), 401);
        assertScimError(ScimHttp.of(router.port(), prefix, "wrong-token").createUser("mallory"), 401);
        assertThat(scim(form).get("/Users").body().path("totalResults").asInt()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UrlForm.class)
    void discoveryEndpoints_answerThroughEachForm(UrlForm form) {
        ScimHttp scim = scim(form);
        Reply config = scim.get("/ServiceProviderConfig");
        assertThat(config.status()).as("%s", config).isEqualTo(200);
        assertThat(config.body().at("/patch/supported").asBoolean()).isTrue();
        assertThat(scim.get("/ResourceTypes").resourceIds()).contains("User", "Group");
        assertThat(scim.get("/Schemas").resourceIds()).contains(ScimHttp.USER_SCHEMA, ScimHttp.GROUP_SCHEMA);
    }
}
