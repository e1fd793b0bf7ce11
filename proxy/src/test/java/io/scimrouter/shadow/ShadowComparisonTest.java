package io.scimrouter.shadow;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as the same answer from the legacy and the tenant-aware upstream, and what a difference names. */
class ShadowComparisonTest {
    private static final String LEGACY = "http://legacy.internal:8080";
    private static final String TENANT_AWARE = "http://tenant-aware.internal:8081";
    private final ShadowComparison comparison = new ShadowComparison(List.of(LEGACY, TENANT_AWARE), 1 << 20);
    private final ShadowRead read = new ShadowRead("p1", "e1", "/scim/v2/p1/e1/Users/1?attributes=userName",
            "/scim/v2/p1/e1", List.of(Map.entry("X-Forwarded-Proto", "https"),
                    Map.entry("X-Forwarded-Host", "scim.example.com")));

    private static ShadowComparison.Answer answer(int status, String json) {
        return new ShadowComparison.Answer(status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String user(String base, String userName, String lastModified) {
        return "{\"id\":\"1\",\"userName\":\"" + userName + "\",\"meta\":{\"location\":\"" + base + "/Users/1\","
                + "\"lastModified\":\"" + lastModified + "\"},\"emails\":[{\"value\":\"a@example.com\"},"
                + "{\"value\":\"b@example.com\"}]}";
    }

    @Test
    void sameResource_onEitherOriginAndUrlForm_withOtherTimestamps_matches() {
        List<String> differences = comparison.differences(read,
                answer(200, user(LEGACY + "/scim/v2/p1/e1", "alice", "2024-01-01T00:00:00Z")),
                answer(200, user(TENANT_AWARE + "/scim/v2/p1/e1/v2", "alice", "2025-06-01T00:00:00Z")));

        assertThat(differences).isEmpty();
    }

    @Test
    void theClientsOrigin_fromTheForwardedHeaders_isMappedToo() {
        List<String> differences = comparison.differences(read,
                answer(200, user("https://scim.example.com/scim/v2/p1/e1", "alice", "x")),
                answer(200, user(TENANT_AWARE + "/scim/v2/p1/e1", "alice", "y")));

        assertThat(differences).isEmpty();
    }

    @Test
    void anotherValue_isNamedByItsPath_withoutEitherValue() {
        List<String> differences = comparison.differences(read,
                answer(200, user(LEGACY + "/scim/v2/p1/e1", "alice@example.com", "x")),
                answer(200, user(LEGACY + "/scim/v2/p1/e1", "mallory@example.com", "x")));

        assertThat(differences).containsExactly("$.userName DIFFERENT_VALUE");
        assertThat(String.join(" ", differences)).doesNotContain("alice").doesNotContain("mallory");
    }

    @Test
    void anotherProjectsUrl_isADifference() {
        List<String> differences = comparison.differences(read,
                answer(200, user(LEGACY + "/scim/v2/p1/e1", "alice", "x")),
                answer(200, user(LEGACY + "/scim/v2/p1/e2", "alice", "x")));

        assertThat(differences).containsExactly("$.meta.location DIFFERENT_VALUE");
    }

    @Test
    void anotherStatus_isNamedWithBothCodes() {
        List<String> differences = comparison.differences(read, answer(200, "{}"), answer(404, "{}"));

        assertThat(differences).containsExactly("status 200 != 404");
    }

    @Test
    void emptyBodies_compareByStatusOnly() {
        assertThat(comparison.differences(read, answer(204, ""), answer(204, ""))).isEmpty();
    }

    @Test
    void aBodyThatIsNotJson_differsUnlessByteEqual() {
        assertThat(comparison.differences(read, answer(200, "plain"), answer(200, "plain"))).isEmpty();
        assertThat(comparison.differences(read, answer(200, "plain"), answer(200, "{}")))
                .containsExactly("body: legacy answer is not JSON and differs");
    }

    @Test
    void aRead_printsNeitherQueryNorHeaders() {
        ShadowRead withSecrets = new ShadowRead("p1", "e1", "/scim/v2/p1/e1/Users?filter=userName%20eq%20%22bob%22",
                "/scim/v2/p1/e1", List.of(Map.entry("Authorization", "Bearer secret-token")));

        assertThat(withSecrets.pathWithoutQuery()).isEqualTo("/scim/v2/p1/e1/Users");
        assertThat(withSecrets.toString()).isEqualTo("ShadowRead[GET p1/e1 /scim/v2/p1/e1/Users]");
        assertThat(withSecrets.header("authorization")).isEqualTo("Bearer secret-token");
    }
}
