package io.scimrouter.e2e;

import io.scimrouter.testing.ScimHttp;
import io.scimrouter.testing.ScimHttp.Reply;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static io.scimrouter.testing.ScimHttp.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioning cycle an IdP runs, with what a SCIM service must answer at each step: create, get, list with a
 * filter and with paging, PATCH of a simple attribute, PATCH of group members, PUT, DELETE, then 404. Absolute URLs
 * are only checked for their resource-relative tail: rewriting them for the /v2 forms is a separate concern.
 */
final class ScimCycle {
    private ScimCycle() {
    }

    /** Runs the whole cycle through {@code scim}, which must start with no users and no groups. */
    static void run(ScimHttp scim) {
        Reply created = scim.createUser("alice");
        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        String alice = created.id();
        assertThat(alice).isNotBlank();
        assertThat(created.body().path("userName").asText()).isEqualTo("alice");
        assertThat(created.body().path("active").asBoolean(false)).isTrue();
        assertThat(created.body().at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(created.body().at("/meta/location").asText()).endsWith("/Users/" + alice);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/Users/" + alice));
        assertThat(created.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/scim+json"));

        Reply fetched = scim.get("/Users/" + alice);
        assertThat(fetched.status()).as("get: %s", fetched).isEqualTo(200);
        assertThat(fetched.id()).isEqualTo(alice);
        assertThat(fetched.body().path("userName").asText()).isEqualTo("alice");

        String bob = scim.createUser("bob").id();
        Reply filtered = scim.get("/Users?filter=userName%20eq%20%22alice%22&startIndex=1&count=10");
        assertThat(filtered.status()).as("filter: %s", filtered).isEqualTo(200);
        assertThat(filtered.body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(filtered.resourceIds()).containsExactly(alice);

        Reply secondPage = scim.get("/Users?sortBy=userName&startIndex=2&count=1");
        assertThat(secondPage.status()).as("page: %s", secondPage).isEqualTo(200);
        assertThat(secondPage.body().path("totalResults").asInt()).isEqualTo(2);
        assertThat(secondPage.body().path("startIndex").asInt()).isEqualTo(2);
        assertThat(secondPage.body().path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(secondPage.resourceIds()).containsExactly(bob);

        Reply deactivated = scim.patch("/Users/" + alice, patchOp("""
                [{"op":"replace","path":"active","value":false}]
                """));
        assertThat(deactivated.status()).as("patch active: %s", deactivated).isEqualTo(200);
        assertThat(scim.get("/Users/" + alice).body().path("active").asBoolean(true)).isFalse();

        cycleGroupMembers(scim, alice, bob);

        Reply replaced = scim.put("/Users/" + alice, """
                {"schemas":["%s"],"userName":"alice.w","displayName":"Alice W"}
                """.formatted(ScimHttp.USER_SCHEMA));
        assertThat(replaced.status()).as("put: %s", replaced).isEqualTo(200);
        assertThat(replaced.id()).isEqualTo(alice);
        Reply afterPut = scim.get("/Users/" + alice);
        assertThat(afterPut.body().path("userName").asText()).isEqualTo("alice.w");
        assertThat(afterPut.body().path("displayName").asText()).isEqualTo("Alice W");
        assertThat(afterPut.body().has("active")).as("PUT replaces: attributes not sent are gone").isFalse();
        assertThat(scim.findUser("alice").body().path("totalResults").asInt()).isZero();
        assertThat(scim.findUser("alice.w").resourceIds()).containsExactly(alice);

        Reply deleted = scim.delete("/Users/" + alice);
        assertThat(deleted.status()).as("delete: %s", deleted).isEqualTo(204);
        assertThat(deleted.raw().body()).isEmpty();
        assertScimError(scim.get("/Users/" + alice), 404);
        assertThat(scim.get("/Users").resourceIds()).containsExactly(bob);
    }

    private static void cycleGroupMembers(ScimHttp scim, String alice, String bob) {
        Reply group = scim.createGroup("Engineering");
        assertThat(group.status()).as("create group: %s", group).isEqualTo(201);
        String id = group.id();
        assertThat(scim.get("/Groups?filter=displayName%20eq%20%22Engineering%22").resourceIds())
                .containsExactly(id);

        Reply added = scim.patch("/Groups/" + id, patchOp("""
                [{"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]
                """.formatted(alice, bob)));
        assertThat(added.status()).as("add members: %s", added).isEqualTo(200);
        assertThat(scim.get("/Groups/" + id).memberIds()).containsExactlyInAnyOrder(alice, bob);

        Reply removed = scim.patch("/Groups/" + id, patchOp("""
                [{"op":"remove","path":"members[value eq \\"%s\\"]"}]
                """.formatted(alice)));
        assertThat(removed.status()).as("remove member: %s", removed).isEqualTo(200);
        assertThat(scim.get("/Groups/" + id).memberIds()).containsExactly(bob);

        assertThat(scim.delete("/Groups/" + id).status()).isEqualTo(204);
        assertScimError(scim.get("/Groups/" + id), 404);
    }
}
