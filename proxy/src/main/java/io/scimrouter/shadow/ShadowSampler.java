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
 * Picks the reads to compare, on the client's event loop: a legacy {@code GET} or {@code POST .search} of a listed
 * project/environment that was answered whole with a 2xx or 4xx, one in {@code sampleRate}. A {@code GET} is drawn
 * when its exchange ends and everything the replay needs is copied from the outcome then, so the request path
 * carries no shadow code for it; a {@code .search} is drawn at admission ({@link #requestBodyWanted}), since its
 * body must be copied as it passes (at most {@code maxBodyBytes}). The replay runs later on the
 * {@link ShadowRunner}'s own threads. Writes are never picked.
 */
public final class ShadowSampler implements ExchangeListener {
    /** Headers a backend needs to answer the read as it answered the client; hop-by-hop ones are gone by now. */
    static final List<String> REPLAYED_HEADERS = List.of("Authorization", "Accept", "Accept-Language", "Content-Type",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-Id");

    private final RolloutPolicy projects;
    private final double sampleRate;
    private final int maxBodyBytes;
    private final DoubleSupplier random;
    private final Predicate<ShadowRead> runner;

    /**
     * @param random a uniform value in [0, 1) per decision
     * @param runner takes a sampled read; false when it was dropped (counted there)
     */
    ShadowSampler(RouterConfig.Shadow settings, DoubleSupplier random, Predicate<ShadowRead> runner) {
        this.projects = new RolloutPolicy(settings.projects(), List.of());
        this.sampleRate = settings.sampleRate();
        this.maxBodyBytes = settings.maxBodyBytes();
        this.random = random;
        this.runner = runner;
    }

    /** Samples with {@link ThreadLocalRandom} into {@code runner}. */
    public static ShadowSampler of(RouterConfig.Shadow settings, ShadowRunner runner) {
        return new ShadowSampler(settings, () -> ThreadLocalRandom.current().nextDouble(), runner::submit);
    }

    /** A legacy {@code POST .search} of a listed project/environment, drawn now: its body is wanted. */
    @Override
    public int requestBodyWanted(Route route, String method) {
        return isSearch(route, method) && projects.allows(route.project(), route.environment())
                && random.getAsDouble() < sampleRate ? maxBodyBytes : 0;
    }

    private static boolean isSearch(Route route, String method) {
        if (route.tenantAware() || !"POST".equals(method)) {
            return false;
        }
        String target = route.backendTarget();
        int query = target.indexOf('?');
        return (query < 0 ? target : target.substring(0, query)).endsWith("/.search");
    }

    @Override
    public void onExchangeEnd(ExchangeOutcome outcome) {
        if (!eligible(outcome)) {
            return;
        }
        byte[] body = null;
        if ("POST".equals(outcome.method())) {
            body = outcome.requestBody(); // drawn at admission: no second draw
        } else if (random.getAsDouble() >= sampleRate) {
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
                headers, body));
    }

    /**
     * A whole legacy answer of a listed project/environment, 2xx or 4xx (a 5xx or a cut one says nothing), to a
     * {@code GET} or to a {@code POST .search} whose whole body was copied.
     */
    boolean eligible(ExchangeOutcome outcome) {
        Route route = outcome.route();
        int statusClass = outcome.status() / 100;
        if (route == null || route.tenantAware() || outcome.phase() != ExchangePhase.DONE
                || statusClass != 2 && statusClass != 4 || !projects.allows(route.project(), route.environment())) {
            return false;
        }
        return "GET".equals(outcome.method())
                || isSearch(route, outcome.method()) && outcome.requestBody() != null;
    }
}
