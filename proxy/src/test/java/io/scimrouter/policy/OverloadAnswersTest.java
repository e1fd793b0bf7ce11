package io.scimrouter.policy;

import io.scimrouter.limit.LimitDecision;
import io.scimrouter.limit.Permit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverloadAnswersTest {

    @ParameterizedTest(name = "{0} ns -> Retry-After {1}")
    @CsvSource({
        "-5, 1",
        "0, 1",
        "1, 1",
        "999999999, 1",
        "1000000000, 1",
        "1000000001, 2",
        "2500000000, 3",
        "60000000000, 60"})
    void retryAfter_isWholeSecondsRoundedUp_atLeastOne(long nanos, long seconds) {
        assertThat(OverloadAnswers.retryAfterSeconds(nanos)).isEqualTo(seconds);
    }

    @Test
    void rate_is429_withTheWaitUntilTheNextToken() {
        Verdict.Reject reject = OverloadAnswers.refused(
                new LimitDecision.RateLimited(LimitDecision.Scope.TENANT, 1_500_000_000L), false);

        assertThat(reject.status()).isEqualTo(429);
        assertThat(reject.retryAfterSeconds()).isEqualTo(2);
        assertThat(reject.detail()).contains("tenant");
        assertThat(reject.close()).isFalse();
    }

    @Test
    void concurrency_is503_retryAfterOne_andKeepsTheCloseDecision() {
        Verdict.Reject reject = OverloadAnswers.refused(
                new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.PROJECT_ENVIRONMENT), true);

        assertThat(reject.status()).isEqualTo(503);
        assertThat(reject.retryAfterSeconds()).isEqualTo(1);
        assertThat(reject.detail()).contains("project and environment");
        assertThat(reject.close()).isTrue();
    }

    @Test
    void upstreamQueue_fullOrTimedOut_is503RetryAfterOne() {
        assertThat(OverloadAnswers.upstreamQueueFull().status()).isEqualTo(503);
        assertThat(OverloadAnswers.upstreamQueueFull().retryAfterSeconds()).isEqualTo(1);
        assertThat(OverloadAnswers.upstreamQueueTimeout().status()).isEqualTo(503);
        assertThat(OverloadAnswers.upstreamQueueTimeout().retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void granted_isNoRefusal() {
        assertThatThrownBy(() -> OverloadAnswers.refused(new LimitDecision.Granted(Permit.NONE), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
