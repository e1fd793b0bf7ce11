package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** config/tenants-file.example.yaml is a working tenants file: the router starts on it and routes its tenants. */
class ShippedTenantsFileExampleTest {
    private final ManualTicker ticker = new ManualTicker();

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker).config(b -> b.tenants(
            new Tenants(List.of(), repoFile("config/tenants-file.example.yaml"), null, TickedRouter.CACHE)));

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

        assertThat(router.backend().received()).extracting(r -> r.headers().get("X-Tenant-Id"))
                .containsExactly("acme", "no");
    }
}
