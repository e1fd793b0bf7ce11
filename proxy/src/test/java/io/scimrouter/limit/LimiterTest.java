package io.scimrouter.limit;

import io.scimrouter.config.RouterConfig.Limits;
import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter on a manual clock: which limit speaks, what a permit holds, scopes apart, state bounded. */
class LimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final ManualTicker ticker = new ManualTicker();

    private Limiter limiter(Limits limits) {
        return Limiter.of(limits, ticker::read, ticker);
    }

    private static Limits limits(int peRate, int peBurst, int tenantRate, int tenantBurst, int peInFlight,
                                 int tenantInFlight) {
        return new Limits(new Limits.Rate(new Limits.Bucket(peRate, peBurst), new Limits.Bucket(tenantRate,
                tenantBurst)), new Limits.Concurrency(peInFlight, tenantInFlight),
                new Limits.PerUpstream(0, 10, Duration.ofSeconds(1)), new Limits.Cache(1000, Duration.ofMinutes(10)));
    }

    @Test
    void everyLimitZero_isInactive_andTheSharedOffLimiter() {
        Limiter off = limiter(Limits.OFF);

        assertThat(off.active()).isFalse();
        assertThat(off).isSameAs(Limiter.off());
        assertThat(off.gate("http://backend")).isNull();
    }

    @Test
    void tenantRate_refusesThatTenantOnly_otherTenantsAndProjectsGoOn() {
        Limiter limiter = limiter(limits(0, 0, 2, 2, 0, 0));

        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
        LimitDecision third = limiter.admit("p1", "e1", "acme");

        assertThat(third).isEqualTo(new LimitDecision.RateLimited(LimitDecision.Scope.TENANT, SECOND / 2));
        assertThat(limiter.admit("p1", "e1", "globex")).isInstanceOf(LimitDecision.Granted.class);
        assertThat(limiter.admit("p2", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
        assertThat(limiter.admit("p1", "e2", "acme")).isInstanceOf(LimitDecision.Granted.class);
    }

    @Test
    void burstZero_meansOneSecondsWorth() {
        Limiter limiter = limiter(limits(0, 0, 3, 0, 0, 0));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
        }
        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.RateLimited.class);
    }

    @Test
    void projectRate_coversAllItsTenants_andARefusalThereCostsTheTenantNoToken() {
        Limiter limiter = limiter(limits(2, 2, 1, 1, 0, 0));
        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
        assertThat(limiter.admit("p1", "e1", "globex")).isInstanceOf(LimitDecision.Granted.class);

        assertThat(limiter.admit("p1", "e1", "initech"))
                .isEqualTo(new LimitDecision.RateLimited(LimitDecision.Scope.PROJECT_ENVIRONMENT, SECOND / 2));

        ticker.advance(Duration.ofMillis(500)); // one project token back; initech's own bucket was refunded
        assertThat(limiter.admit("p1", "e1", "initech")).isInstanceOf(LimitDecision.Granted.class);
    }

    @Test
    void refusedRequest_waitsExactlyUntilTheNextToken() {
        Limiter limiter = limiter(limits(0, 0, 1, 1, 0, 0));
        limiter.admit("p1", "e1", "acme");
        ticker.advance(Duration.ofMillis(300));

        LimitDecision refused = limiter.admit("p1", "e1", "acme");

        assertThat(((LimitDecision.RateLimited) refused).retryAfterNanos()).isEqualTo(700_000_000L);
        ticker.advance(Duration.ofMillis(700));
        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.Granted.class);
    }

    @Test
    void concurrency_capsRequestsInProgress_andAReleasedPermitFreesAPlace() {
        Limiter limiter = limiter(limits(0, 0, 0, 0, 0, 2));
        Permit first = granted(limiter.admit("p1", "e1", "acme"));
        Permit second = granted(limiter.admit("p1", "e1", "acme"));

        assertThat(limiter.admit("p1", "e1", "acme"))
                .isEqualTo(new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.TENANT));
        assertThat(limiter.admit("p1", "e1", "globex")).isInstanceOf(LimitDecision.Granted.class);

        first.release();
        Permit third = granted(limiter.admit("p1", "e1", "acme"));
        assertThat(third).isNotNull();
        assertThat(second.released()).isFalse();
    }

    @Test
    void permit_releasedTwice_freesOnePlaceOnly() {
        Limiter limiter = limiter(limits(0, 0, 0, 0, 0, 1));
        Permit permit = granted(limiter.admit("p1", "e1", "acme"));

        permit.release();
        permit.release();

        Permit again = granted(limiter.admit("p1", "e1", "acme"));
        assertThat(again).isNotNull();
        assertThat(limiter.admit("p1", "e1", "acme")).as("one place, held by 'again'")
                .isInstanceOf(LimitDecision.ConcurrencyLimited.class);
    }

    @Test
    void projectConcurrencyRefusal_givesBackNothingItDidNotTake_tenantRefusalGivesBackTheProjectPlace() {
        Limiter limiter = limiter(limits(0, 0, 0, 0, 2, 1));
        Permit acme = granted(limiter.admit("p1", "e1", "acme"));

        assertThat(limiter.admit("p1", "e1", "acme"))
                .isEqualTo(new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.TENANT));
        // the tenant refusal gave the project place back: globex still gets the second one
        Permit globex = granted(limiter.admit("p1", "e1", "globex"));
        assertThat(limiter.admit("p1", "e1", "initech"))
                .isEqualTo(new LimitDecision.ConcurrencyLimited(LimitDecision.Scope.PROJECT_ENVIRONMENT));

        acme.release();
        globex.release();
        assertThat(limiter.admit("p1", "e1", "initech")).isInstanceOf(LimitDecision.Granted.class);
    }

    @Test
    void rateRefusal_givesBackThePlacesInProgress() {
        Limiter limiter = limiter(limits(0, 0, 1, 1, 1, 1));
        Permit first = granted(limiter.admit("p1", "e1", "acme"));
        first.release();

        assertThat(limiter.admit("p1", "e1", "acme")).isInstanceOf(LimitDecision.RateLimited.class);

        ticker.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit("p1", "e1", "acme")).as("no place leaked by the refusal")
                .isInstanceOf(LimitDecision.Granted.class);
    }

    @Test
    void onlyRates_grantTheEmptyPermit() {
        Limiter limiter = limiter(limits(10, 10, 0, 0, 0, 0));

        assertThat(granted(limiter.admit("p1", "e1", "acme"))).isSameAs(Permit.NONE);
    }

    @Test
    void scopeState_isBounded_andForgottenAfterAccessExpiry() {
        Limiter limiter = Limiter.of(new Limits(new Limits.Rate(new Limits.Bucket(0, 0), new Limits.Bucket(1, 1)),
                new Limits.Concurrency(0, 0), new Limits.PerUpstream(0, 10, Duration.ofSeconds(1)),
                new Limits.Cache(50, Duration.ofMinutes(1))), ticker::read, ticker);
        for (int i = 0; i < 1000; i++) {
            limiter.admit("p1", "e1", "tenant-" + i);
        }
        assertThat(limiter.scopeCount()).isLessThanOrEqualTo(50);

        ticker.advance(Duration.ofMinutes(2));
        assertThat(limiter.scopeCount()).isZero();
    }

    @Test
    void gate_perUpstream_isShared_andAbsentWhenOff() {
        Limiter limiter = Limiter.of(new Limits(new Limits.Rate(new Limits.Bucket(0, 0), new Limits.Bucket(0, 0)),
                new Limits.Concurrency(0, 0), new Limits.PerUpstream(2, 3, Duration.ofSeconds(1)),
                new Limits.Cache(50, Duration.ofMinutes(1))), ticker::read, ticker);

        assertThat(limiter.active()).as("no per-request limit").isFalse();
        assertThat(limiter.gate("http://a")).isSameAs(limiter.gate("http://a")).isNotSameAs(limiter.gate("http://b"));
    }

    private static Permit granted(LimitDecision decision) {
        assertThat(decision).isInstanceOf(LimitDecision.Granted.class);
        return ((LimitDecision.Granted) decision).permit();
    }
}
