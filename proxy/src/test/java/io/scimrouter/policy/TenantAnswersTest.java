package io.scimrouter.policy;

import io.scimrouter.route.Route;
import io.scimrouter.tenant.TenantDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every tenant decision and what the client gets for it. */
class TenantAnswersTest {
    private static final Route ACME = new Route(true, "p1", "e1", "nosuch", true, "/scim/v2/p1/e1/Users",
            "/scim/v2/p1/e1/v2/nosuch", "/scim/v2/p1/e1");

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(new TenantDecision.Unknown(),
                        new Verdict.Reject(404, "Unknown tenant 'nosuch' in project 'p1', environment 'e1'", false)),
                Arguments.of(new TenantDecision.Unavailable(7, "timeout"),
                        new Verdict.Reject(503, "The tenant directory is unavailable; retry later", false, 7)),
                Arguments.of(new TenantDecision.Unavailable(0, "no Retry-After"),
                        new Verdict.Reject(503, "The tenant directory is unavailable; retry later", false, 1)),
                Arguments.of(new TenantDecision.Denied(401),
                        new Verdict.Reject(401, "Authentication required for this tenant", false)),
                Arguments.of(new TenantDecision.Denied(403),
                        new Verdict.Reject(403, "Not allowed for this tenant", false)));
    }

    @ParameterizedTest
    @MethodSource("answers")
    void refusals(TenantDecision decision, Verdict.Reject expected) {
        assertThat(TenantAnswers.answer(decision, ACME)).isEqualTo(expected);
    }

    @Test
    void knownTenant_isAdmitted_withOrWithoutItsOwnUpstream() {
        assertThat(TenantAnswers.answer(new TenantDecision.Known("acme", null), ACME)).isSameAs(Verdict.ADMIT);
        assertThat(TenantAnswers.answer(new TenantDecision.Known("acme", URI.create("http://10.0.0.1")), ACME))
                .isSameAs(Verdict.ADMIT);
    }

    @Test
    void aFailedLookup_is503WithRetryAfterFive_neverA404() {
        assertThat(TenantAnswers.lookupFailed())
                .isEqualTo(new Verdict.Reject(503, "The tenant directory is unavailable; retry later", false, 5));
    }
}
