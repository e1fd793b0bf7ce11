package io.scimrouter.shadow;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.route.Route;
import io.scimrouter.server.ExchangeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ended exchanges are replayed, and what a replay carries. */
class ShadowSamplerTest {
    private static final Route LEGACY = new Route(false, "p1", "e1", null, false,
            "/scim/v2/p1/e1/Users?filter=x", "/scim/v2/p1/e1", "/scim/v2/p1/e1");
    private static final Route V2 = new Route(true, "p1", "e1", "default", false,
            "/scim/v2/p1/e1/Users", "/scim/v2/p1/e1/v2", "/scim/v2/p1/e1");
    private static final Route OTHER_PROJECT = new Route(false, "p2", "e1", null, false,
            "/scim/v2/p2/e1/Users", "/scim/v2/p2/e1", "/scim/v2/p2/e1");

    private final List<ShadowRead> taken = new ArrayList<>();

    private ShadowSampler sampler(double rate, double random) {
        return new ShadowSampler(new RouterConfig.Shadow(List.of("p1/*"), rate, 4, Duration.ofSeconds(5), 1024),
                () -> random, read -> taken.add(read));
    }

    private static final Route SEARCH = new Route(false, "p1", "e1", null, false,
            "/scim/v2/p1/e1/Users/.search", "/scim/v2/p1/e1", "/scim/v2/p1/e1");

    /** An ended exchange with its request headers and the body copied for the listener (or null). */
    private record Outcome(ExchangePhase phase, int status, String method, Route route, Map<String, String> headers,
                           byte[] requestBody) implements ExchangeOutcome {
        Outcome(ExchangePhase phase, int status, String method, Route route, Map<String, String> headers) {
            this(phase, status, method, route, headers, null);
        }

        @Override
        public long requestBodyBytes() {
            return 0;
        }

        @Override
        public long responseBodyBytes() {
            return 0;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public String requestId() {
            return "rid";
        }

        @Override
        public String target() {
            return route.backendTarget();
        }

        @Override
        public SocketAddress clientAddress() {
            return null;
        }

        @Override
        public String header(CharSequence name) {
            return headers.get(name.toString());
        }

        @Override
        public long startNanos() {
            return 0;
        }

        @Override
        public long endNanos() {
            return 0;
        }
    }

    private static Outcome get(int status) {
        return new Outcome(ExchangePhase.DONE, status, "GET", LEGACY,
                Map.of("Authorization", "Bearer t", "Accept", "application/scim+json", "User-Agent", "idp",
                        "X-Tenant-Id", "spoofed"));
    }

    @Test
    void aWholeLegacyGet_isReplayed_withTheHeadersABackendNeeds() {
        sampler(1.0, 0.5).onExchangeEnd(get(200));

        assertThat(taken).hasSize(1);
        ShadowRead read = taken.get(0);
        assertThat(read.target()).isEqualTo("/scim/v2/p1/e1/Users?filter=x");
        assertThat(read.legacyBase()).isEqualTo("/scim/v2/p1/e1");
        assertThat(read.header("Authorization")).isEqualTo("Bearer t");
        assertThat(read.header("Accept")).isEqualTo("application/scim+json");
        assertThat(read.header("User-Agent")).as("only the listed headers").isNull();
        assertThat(read.header("X-Tenant-Id")).as("the runner sets the tenant header itself").isNull();
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3}")
    @CsvSource({
        "DONE, POST, 201, legacy",
        "DONE, PUT, 200, legacy",
        "DONE, PATCH, 200, legacy",
        "DONE, DELETE, 204, legacy",
        "DONE, HEAD, 200, legacy",
        "DONE, GET, 500, legacy",
        "DONE, GET, 302, legacy",
        "CUT, GET, 200, legacy",
        "FAILED, GET, 404, legacy",
        "ABANDONED, GET, 200, legacy",
        "DONE, GET, 200, v2",
        "DONE, GET, 200, other",
    })
    void writes_errors_cutAnswers_v2_andUnlistedProjects_areNeverReplayed(ExchangePhase phase, String method,
            int status, String route) {
        Route r = switch (route) {
            case "v2" -> V2;
            case "other" -> OTHER_PROJECT;
            default -> LEGACY;
        };
        sampler(1.0, 0.0).onExchangeEnd(new Outcome(phase, status, method, r, Map.of()));

        assertThat(taken).isEmpty();
    }

    @Test
    void aRefusedRequestWithoutRoute_isNeverReplayed() {
        sampler(1.0, 0.0).onExchangeEnd(new Outcome(ExchangePhase.FAILED, 400, "GET", null, Map.of()));

        assertThat(taken).isEmpty();
    }

    @Test
    void aSearch_isDrawnAtAdmission_forItsBody_andReplayedWithIt() {
        ShadowSampler sampler = sampler(1.0, 0.0);
        byte[] body = "{\"filter\":\"userName eq \\\"bob\\\"\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(sampler.requestBodyWanted(SEARCH, "POST")).isEqualTo(1024);
        sampler.onExchangeEnd(new Outcome(ExchangePhase.DONE, 200, "POST", SEARCH,
                Map.of("Content-Type", "application/scim+json"), body));

        assertThat(taken).singleElement().satisfies(read -> {
            assertThat(read.method()).isEqualTo("POST");
            assertThat(read.body()).isEqualTo(body);
            assertThat(read.header("Content-Type")).isEqualTo("application/scim+json");
        });
    }

    @Test
    void aSearchWithoutACopiedBody_notDrawn_orOverTheLimit_isNotReplayed() {
        sampler(1.0, 0.0).onExchangeEnd(new Outcome(ExchangePhase.DONE, 200, "POST", SEARCH, Map.of(), null));

        assertThat(taken).isEmpty();
    }

    @Test
    void onlyLegacySearches_ofListedProjects_underTheRate_wantTheirBody() {
        Route create = new Route(false, "p1", "e1", null, false, "/scim/v2/p1/e1/Users", "/scim/v2/p1/e1",
                "/scim/v2/p1/e1");
        Route v2Search = new Route(true, "p1", "e1", "default", false, "/scim/v2/p1/e1/.search",
                "/scim/v2/p1/e1/v2", "/scim/v2/p1/e1");
        Route otherSearch = new Route(false, "p2", "e1", null, false, "/scim/v2/p2/e1/.search", "/scim/v2/p2/e1",
                "/scim/v2/p2/e1");

        assertThat(sampler(1.0, 0.0).requestBodyWanted(create, "POST")).isZero();
        assertThat(sampler(1.0, 0.0).requestBodyWanted(SEARCH, "PUT")).isZero();
        assertThat(sampler(1.0, 0.0).requestBodyWanted(v2Search, "POST")).isZero();
        assertThat(sampler(1.0, 0.0).requestBodyWanted(otherSearch, "POST")).isZero();
        assertThat(sampler(0.5, 0.5).requestBodyWanted(SEARCH, "POST")).isZero();
        assertThat(sampler(0.0, 0.0).requestBodyWanted(SEARCH, "POST")).isZero();
    }

    @Test
    void a4xx_isReplayed() {
        sampler(1.0, 0.0).onExchangeEnd(get(404));

        assertThat(taken).hasSize(1);
    }

    @Test
    void theRate_decides_againstTheRandomDraw() {
        sampler(0.25, 0.2499).onExchangeEnd(get(200));
        sampler(0.25, 0.25).onExchangeEnd(get(200));
        sampler(0.0, 0.0).onExchangeEnd(get(200));

        assertThat(taken).as("only the draw under the rate").hasSize(1);
    }
}
