package io.scimrouter.shadow;

import io.scimrouter.config.RouterConfig;
import io.scimrouter.policy.ExchangePhase;
import io.scimrouter.route.RolloutPolicy;
import io.scimrouter.route.Route;
import io.scimrouter.server.ExchangeListener;
import io.scimrouter.server.ExchangeOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * Picks the reads to compare when their exchange ends, on the client's event loop: a legacy {@code GET} of a listed
 * project/environment that was answered whole with a 2xx or 4xx, one in {@code sampleRate}. Everything the replay
 * needs is copied from the outcome here, so the request path itself carries no shadow code at all; the replay runs
 * later on the {@link ShadowRunner}'s own threads. Writes are never picked.
 */
public final class ShadowSampler implements ExchangeListener {
    /** Headers a backend needs to answer the read as it answered the client; hop-by-hop ones are gone by now. */
    static final List<String> REPLAYED_HEADERS = List.of("Authorization", "Accept", "Accept-Language",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-Id");

    private final RolloutPolicy projects;
    private final double sampleRate;
    private final DoubleSupplier random;
    private final Predicate<ShadowRead> runner;

    /**
     * @param random a uniform value in [0, 1) per decision
     * @param runner takes a sampled read; false when it was dropped (counted there)
     */
    ShadowSampler(RouterConfig.Shadow settings, DoubleSupplier random, Predicate<ShadowRead> runner) {
        this.projects = new RolloutPolicy(settings.projects(), List.of());
        this.sampleRate = settings.sampleRate();
        this.random = random;
        this.runner = runner;
    }

    /** Samples with {@link ThreadLocalRandom} into {@code runner}. */
    public static ShadowSampler of(RouterConfig.Shadow settings, ShadowRunner runner) {
        return new ShadowSampler(settings, () -> ThreadLocalRandom.current().nextDouble(), runner::submit);
    }

    @Override
    public void onExchangeEnd(ExchangeOutcome outcome) {
        if (!eligible(outcome) || random.getAsDouble() >= sampleRate) {
            return;
        }
        Route route = outcome.route();
        List<Map.Entry<String, String>> headers = new ArrayList<>(REPLAYED_HEADERS.size());
        for (String name : REPLAYED_HEADERS) {
            String value = outcome.header(name);
            if (value != null) {
                headers.add(Map.entry(name, value));
            }
        }
        runner.test(new ShadowRead(route.project(), route.environment(), route.backendTarget(), route.legacyBase(),
                headers));
    }

    /** A whole legacy GET answer of a listed project/environment, 2xx or 4xx (a 5xx or a cut one says nothing). */
    boolean eligible(ExchangeOutcome outcome) {
        Route route = outcome.route();
        int statusClass = outcome.status() / 100;
        return route != null && !route.tenantAware() && outcome.phase() == ExchangePhase.DONE
                && "GET".equals(outcome.method()) && (statusClass == 2 || statusClass == 4)
                && projects.allows(route.project(), route.environment());
    }
}
