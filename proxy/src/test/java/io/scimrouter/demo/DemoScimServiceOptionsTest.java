package io.scimrouter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimrouter.demo.DemoScimService.Options;
import org.junit.jupiter.api.Test;

class DemoScimServiceOptionsTest {

    @Test
    void defaults_matchTheEmbeddedDefaultRun() {
        Options defaults = Options.defaults();
        assertThat(defaults).isEqualTo(new Options("127.0.0.1", 0, "demo-token", "X-Tenant-Id", "default",
                "/scim/v2", "demo", "dev"));
        assertThat(defaults.withPort(8081).port()).isEqualTo(8081);
    }

    @Test
    void toString_neverShowsTheToken() {
        Options options = new Options("127.0.0.1", 0, "s3cr3t", "X-Tenant-Id", "default", "/scim/v2", "p", "e");
        assertThat(options.toString()).doesNotContain("s3cr3t").contains("bearerToken=***");
    }

    @Test
    void invalidValues_areRejectedWithTheirName() {
        Options d = Options.defaults();
        assertThatThrownBy(() -> new Options(d.host(), 70_000, d.bearerToken(), d.tenantHeader(), d.defaultTenant(),
                d.basePath(), d.project(), d.environment())).hasMessageContaining("port");
        assertThatThrownBy(() -> new Options(d.host(), 0, " ", d.tenantHeader(), d.defaultTenant(),
                d.basePath(), d.project(), d.environment())).hasMessageContaining("bearerToken");
        assertThatThrownBy(() -> new Options(d.host(), 0, d.bearerToken(), "X Tenant", d.defaultTenant(),
                d.basePath(), d.project(), d.environment())).hasMessageContaining("tenantHeader");
        assertThatThrownBy(() -> new Options(d.host(), 0, d.bearerToken(), d.tenantHeader(), d.defaultTenant(),
                "scim/v2/", d.project(), d.environment())).hasMessageContaining("basePath");
        assertThatThrownBy(() -> new Options(d.host(), 0, d.bearerToken(), d.tenantHeader(), d.defaultTenant(),
                d.basePath(), "a/b", d.environment())).hasMessageContaining("project");
    }

    @Test
    void start_onAnOccupiedPort_failsAndNamesTheAddress() {
        try (DemoScimService first = DemoScimService.start(Options.defaults())) {
            assertThat(first.origin()).isEqualTo("http://127.0.0.1:" + first.port());
            assertThatThrownBy(() -> DemoScimService.start(Options.defaults().withPort(first.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }
}
