package io.scimrouter.metrics;

import io.scimrouter.config.RouterConfig.Tenants.StaticTenants;
import io.scimrouter.testing.PrometheusText;
import io.scimrouter.testing.RawHttp;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /metrics} after real traffic through the router, read by the Prometheus client library's parsers. */
class MetricsThroughRouterTest {
    private static final String REQUESTS = "scim_router_requests_total";

    @RegisterExtension
    final RouterExtension router = RouterExtension.create().config(b -> b.adminOnFreePort());

    private RawHttp.Response scrape(String... headers) throws Exception {
        return RouterExtension.request(router.adminPort(), "GET", "/metrics", headers);
    }

    /** Exchanges end (and are counted) right after their last byte is handed to the client: wait for the count. */
    private void awaitCounted(int requests) {
        await().until(() -> router.router().metrics().count("scim.router.requests") >= requests);
    }

    @Test
    void scrape_afterLegacyV2TenantNotFoundAndBadGateway_hasTheSeriesAndValues() throws Exception {
        assertThat(router.get("/scim/v2/p1/e1/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/Users/1").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/Users").status()).isEqualTo(200);
        assertThat(router.request("POST", "/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(router.get("/scim/v2/p1/e1/v2/nosuch/Users").status()).isEqualTo(404);
        assertThat(router.get("/elsewhere").status()).isEqualTo(404);
        router.backend().respond(TestBackend.hangUp());
        assertThat(router.get("/scim/v2/p1/e1/Users/2").status()).isEqualTo(502);
        awaitCounted(8);

        RawHttp.Response answer = scrape();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        PrometheusText metrics = PrometheusText.parse(answer.bodyText());

        assertThat(metrics.value(REQUESTS, "route", "legacy", "method", "GET", "status", "2xx")).isEqualTo(2.0);
        assertThat(metrics.value(REQUESTS, "route", "legacy", "method", "GET", "status", "5xx")).isEqualTo(1.0);
        assertThat(metrics.value(REQUESTS, "route", "v2", "method", "GET", "status", "2xx")).isEqualTo(1.0);
        assertThat(metrics.value(REQUESTS, "route", "v2_tenant", "method", "GET", "status", "2xx")).isEqualTo(1.0);
        assertThat(metrics.value(REQUESTS, "route", "v2_tenant", "method", "POST", "status", "2xx")).isEqualTo(1.0);
        assertThat(metrics.value(REQUESTS, "route", "rejected", "method", "GET", "status", "4xx"))
                .as("unknown tenant and a path outside the base path").isEqualTo(2.0);
        assertThat(metrics.type(REQUESTS)).isEqualTo("counter");

        assertThat(metrics.type("scim_router_request_duration_seconds_bucket")).isEqualTo("histogram");
        assertThat(metrics.value("scim_router_request_duration_seconds_count", "route", "legacy")).isEqualTo(3.0);
        assertThat(metrics.value("scim_router_request_duration_seconds_bucket", "route", "legacy", "le", "+Inf"))
                .isEqualTo(3.0);
        assertThat(metrics.samples().keySet()).as("fixed buckets")
                .contains(PrometheusText.key("scim_router_request_duration_seconds_bucket", "route", "v2", "le",
                        "0.005"));
        assertThat(metrics.value("scim_router_upstream_first_byte_seconds_count", "route", "legacy"))
                .as("the 502 had no first byte").isEqualTo(2.0);

        assertThat(metrics.value("scim_router_upstream_errors_total", "kind", "reset")).isEqualTo(1.0);
        assertThat(metrics.value("scim_router_upstream_errors_total", "kind", "retry"))
                .as("a GET on a reused connection that died is retried once").isEqualTo(1.0);
        assertThat(metrics.value("scim_router_upstream_errors_total", "kind", "connect")).isEqualTo(0.0);
        assertThat(metrics.value("scim_router_response_flags_total", "flag", "TU")).isEqualTo(1.0);
        assertThat(metrics.value("scim_router_response_flags_total", "flag", "RJ")).isEqualTo(1.0);

        assertThat(metrics.value("scim_router_tenant_lookups_total", "result", "miss")).isEqualTo(2.0);
        assertThat(metrics.value("scim_router_tenant_lookups_total", "result", "hit")).isEqualTo(1.0);
        assertThat(metrics.value("scim_router_tenant_directory_loads_total", "result", "success")).isEqualTo(2.0);
        assertThat(metrics.value("scim_router_tenant_directory_loads_total", "result", "failure")).isEqualTo(0.0);
        assertThat(metrics.value("scim_router_tenant_stale_served_total")).isEqualTo(0.0);
        assertThat(metrics.value("scim_router_tenant_directory_duration_seconds_count")).isEqualTo(2.0);

        assertThat(metrics.value("scim_router_rewrite_urls_total")).isNotNull();
        assertThat(metrics.value("scim_router_rewrite_bytes_total", "side", "response")).isPositive();
        assertThat(metrics.value("scim_router_client_connections")).isNotNull();
        assertThat(metrics.value("scim_router_upstream_connections", "state", "idle")).isNotNull();
        assertThat(metrics.value("scim_router_upstream_connections", "state", "active")).isNotNull();
        assertThat(metrics.value("scim_router_ready")).isEqualTo(1.0);
        assertThat(metrics.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(metrics.samples().keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
        assertThat(metrics.samples().keySet()).anyMatch(k -> k.startsWith("scim_router_netty_direct_memory_used"));
        assertThat(metrics.value("scim_router_netty_direct_memory_max_bytes")).isPositive();
    }

    @Test
    void openMetrics_whenTheScraperAsksForIt_parsesStrictly() throws Exception {
        router.get("/scim/v2/p1/e1/Users");
        awaitCounted(1);

        RawHttp.Response answer = scrape("Accept: application/openmetrics-text; version=1.0.0,text/plain;q=0.5");

        assertThat(answer.header("Content-Type")).startsWith("application/openmetrics-text");
        assertThat(answer.bodyText()).endsWith("# EOF\n");
        PrometheusText metrics = PrometheusText.parseOpenMetrics(answer.bodyText());
        assertThat(metrics.value(REQUESTS, "route", "legacy", "method", "GET", "status", "2xx")).isEqualTo(1.0);
    }

    @Test
    void methodLabel_isBounded_unknownMethodsCountAsOther() throws Exception {
        for (String method : List.of("FROBNICATE", "PROPFIND", "X1")) {
            router.request(method, "/scim/v2/p1/e1/Users");
        }
        awaitCounted(3);

        PrometheusText metrics = PrometheusText.parse(scrape().bodyText());

        assertThat(metrics.value(REQUESTS, "route", "legacy", "method", "other", "status", "2xx")).isEqualTo(3.0);
        assertThat(metrics.samples().keySet()).noneMatch(k -> k.contains("FROBNICATE") || k.contains("PROPFIND"));
    }

    @Test
    void tenantLabel_500Tenants_giveAtMostMaxTenantsPlusOneValues() throws Exception {
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            tenants.add("t" + i);
        }
        router.start(b -> b.adminOnFreePort().tenantLabel(true, 100)
                .staticTenants(List.of(new StaticTenants("p1", "e1", tenants))));
        try (RawHttp http = router.connect()) {
            for (String tenant : tenants) {
                http.send(RouterExtension.head("GET", "/scim/v2/p1/e1/v2/" + tenant + "/Users"));
                assertThat(http.read().status()).isEqualTo(200);
            }
        }
        router.get("/scim/v2/p1/e1/Users");
        awaitCounted(501);

        PrometheusText metrics = PrometheusText.parse(scrape().bodyText());

        Set<String> values = metrics.samples().keySet().stream()
                .filter(k -> k.startsWith(REQUESTS + "{") && k.contains("route=v2_tenant"))
                .map(k -> k.replaceAll(".*tenant=([^,}]*).*", "$1"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(values).hasSize(101).contains("other", "t0", "t99").doesNotContain("t100", "t499");
        assertThat(metrics.sum(REQUESTS, "route", "v2_tenant")).isEqualTo(500.0);
        assertThat(metrics.value(REQUESTS, "route", "v2_tenant", "method", "GET", "status", "2xx", "tenant",
                "other")).isEqualTo(400.0);
        assertThat(metrics.value(REQUESTS, "route", "legacy", "method", "GET", "status", "2xx", "tenant", "none"))
                .isEqualTo(1.0);
    }
}
