package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.scimrouter.tenant.it.ScimErrorAssert.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** config/tenants-file.example.yaml is a working tenants file: the router starts on it and routes its tenants. */
class ShippedTenantsFileExampleTest {
    private final ManualTicker ticker = new ManualTicker();
    private TestBackend backend;
    private RouterUnderTest router;

    @BeforeEach
    void start() throws Exception {
        backend = new TestBackend();
        router = RouterUnderTest.start(ItConfigs.with(backend.uri(),
                new Tenants(List.of(), repoFile("config/tenants-file.example.yaml"), null, ItConfigs.CACHE)), ticker);
    }

    @AfterEach
    void stop() {
        router.close();
        backend.close();
    }

    private static Path repoFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void exampleTenants_areRoutable_includingTheQuotedYamlKeyword() throws Exception {
        assertThat(router.get("/scim/v2/p1/prod/v2/acme/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/staging/v2/no/Users").status()).isEqualTo(200);
        assertScimError(router.get("/scim/v2/p1/staging/v2/globex/Users"), 404, "Unknown tenant 'globex'");

        assertThat(backend.received()).extracting(r -> r.headers().get("X-Tenant-Id")).containsExactly("acme", "no");
    }
}
