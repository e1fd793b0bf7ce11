package io.scimrouter.tenant.it;

import io.scimrouter.config.RouterConfig.Tenants;
import io.scimrouter.testing.ManualTicker;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static io.scimrouter.tenant.it.TickedRouter.NEGATIVE_TTL;
import static io.scimrouter.tenant.it.TickedRouter.TTL;
import static io.scimrouter.testing.ScimAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tenants.file}: edits to the file reach a running router without a restart. A new tenant is routable once
 * the file has been polled and any cached "unknown" answer has expired (negativeTtl); a removed one stops at the next
 * refresh (ttl). The file is polled in real time, the cache's time is a {@link ManualTicker}.
 */
class TenantsFileReloadThroughRouterTest {
    private static final String FIRST_VERSION = """
            - project: p1
              environment: e1
              tenants: [acme]
            """;

    @TempDir
    Path dir;
    private final ManualTicker ticker = new ManualTicker();
    private Path file;
    private TestBackend dedicated;

    @RegisterExtension
    final RouterExtension router = TickedRouter.create(ticker).startedByTest();

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("tenants.yaml");
        Files.writeString(file, FIRST_VERSION, StandardCharsets.UTF_8);
        dedicated = new TestBackend();
        router.start(b -> b.tenants(new Tenants(List.of(), file, null, TickedRouter.CACHE)));
    }

    @AfterEach
    void stop() {
        dedicated.close();
    }

    private void append(String yaml) throws Exception {
        Files.writeString(file, yaml, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void tenantAppendedToTheFile_becomesRoutableWithoutRestart() throws Exception {
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertScimError(router.get("/scim/v2/p1/e1/v2/initech/Users"), 404, "Unknown tenant 'initech'");

        append("""
                - project: p1
                  environment: e1
                  tenants: [initech, {key: big, upstream: "%s"}]
                """.formatted(dedicated.uri()));

        // each attempt first lets a cached "unknown" from an earlier attempt expire
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ticker.advance(NEGATIVE_TTL.plusSeconds(1));
            assertThat(router.get("/scim/v2/p1/e1/v2/initech/Users").status()).isEqualTo(200);
        });
        assertThat(router.get("/scim/v2/p1/e1/v2/big/Groups").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);

        assertThat(router.backend().received()).extracting(r -> r.headers().get("X-Tenant-Id"))
                .containsExactly("acme", "initech", "acme");
        assertThat(dedicated.received()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("/scim/v2/p1/e1/Groups");
            assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("big");
        });
    }

    @Test
    void tenantRemovedFromTheFile_stopsBeingRoutableAfterTheNextRefresh() throws Exception {
        append("""
                - project: p1
                  environment: e1
                  tenants: [globex]
                """);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ticker.advance(NEGATIVE_TTL.plusSeconds(1));
            assertThat(router.get("/scim/v2/p1/e1/v2/globex/Users").status()).isEqualTo(200);
        });

        Files.writeString(file, FIRST_VERSION, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ticker.advance(TTL.plusSeconds(1));
            assertScimError(router.get("/scim/v2/p1/e1/v2/globex/Users"), 404, "Unknown tenant 'globex'");
        });
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
    }
}
