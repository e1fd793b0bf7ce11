package io.scimrouter.tenant;

import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CallerVerdictsTest {
    private final ManualTicker ticker = new ManualTicker();
    private final CallerVerdicts verdicts = new CallerVerdicts(Duration.ofSeconds(60), 100, ticker);
    private final AtomicInteger checks = new AtomicInteger();

    private CompletableFuture<CallerVerdict> check(CallerVerdict answer) {
        checks.incrementAndGet();
        return CompletableFuture.completedFuture(answer);
    }

    @Test
    void sameCredential_isCheckedOnce_withinTheTtl_thenAgain() {
        CallerVerdict refused = new CallerVerdict.Refused(401, java.util.List.of(), new byte[0]);
        assertThat(verdicts.verdict("p1", "e1", "Bearer x", () -> check(refused)).join()).isSameAs(refused);
        assertThat(verdicts.verdict("p1", "e1", "Bearer x", () -> check(null)).join()).isSameAs(refused);
        assertThat(checks).hasValue(1);

        ticker.advance(Duration.ofSeconds(61));
        verdicts.verdict("p1", "e1", "Bearer x", () -> check(new CallerVerdict.Accepted()));
        assertThat(checks).hasValue(2);
    }

    @Test
    void otherCredential_orOtherProjectEnvironment_orNoCredential_isCheckedOnItsOwn() {
        verdicts.verdict("p1", "e1", "Bearer x", () -> check(new CallerVerdict.Accepted()));
        verdicts.verdict("p1", "e1", "Bearer y", () -> check(new CallerVerdict.Accepted()));
        verdicts.verdict("p1", "e2", "Bearer x", () -> check(new CallerVerdict.Accepted()));
        verdicts.verdict("p2", "e1", "Bearer x", () -> check(new CallerVerdict.Accepted()));
        verdicts.verdict("p1", "e1", null, () -> check(new CallerVerdict.Accepted()));
        verdicts.verdict("p1", "e1", "", () -> check(new CallerVerdict.Accepted()));

        assertThat(checks).hasValue(6);
        assertThat(verdicts.size()).isEqualTo(6);
    }

    @Test
    void checkUnderWay_isShared() {
        CompletableFuture<CallerVerdict> pending = new CompletableFuture<>();
        CompletableFuture<CallerVerdict> first = verdicts.verdict("p1", "e1", "Bearer x", () -> {
            checks.incrementAndGet();
            return pending;
        });
        CompletableFuture<CallerVerdict> second = verdicts.verdict("p1", "e1", "Bearer x", () -> check(null));

        pending.complete(new CallerVerdict.Accepted());
        assertThat(checks).hasValue(1);
        assertThat(second.join()).isSameAs(first.join());
    }

    @Test
    void failedCheck_isNotRemembered() {
        CompletableFuture<CallerVerdict> failed = CompletableFuture.failedFuture(new IllegalStateException("down"));
        assertThat(verdicts.verdict("p1", "e1", "Bearer x", () -> failed)).isCompletedExceptionally();

        CallerVerdict accepted = new CallerVerdict.Accepted();
        assertThat(verdicts.verdict("p1", "e1", "Bearer x", () -> check(accepted)).join()).isSameAs(accepted);
    }

    @Test
    void bounded() {
        CallerVerdicts small = new CallerVerdicts(Duration.ofSeconds(60), 10, ticker);
        for (int i = 0; i < 500; i++) {
            small.verdict("p1", "e1", "Bearer " + i, () -> check(new CallerVerdict.Accepted()));
        }
        assertThat(small.size()).isLessThanOrEqualTo(10);
    }
}
