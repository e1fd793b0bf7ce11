package io.scimrouter.lifecycle;

import io.scimrouter.upstream.ConnectObserver;
import io.scimrouter.upstream.Upstream;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the router should get traffic ({@code /readyz}): started, not draining, and the backend reachable. The
 * backend counts as unreachable after {@code backendFailures} consecutive failed connects (told by the upstream
 * pools, or by the {@link BackendCheck}); one successful connect makes it reachable again. Liveness never depends
 * on any of this.
 */
public final class Readiness implements ConnectObserver {
    private final int backendFailures;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean draining;
    private volatile String lastFailedOrigin = "";
    /** The configured upstreams: a tenant's own upstream that fails must not take the whole router out. */
    private volatile Set<Upstream> watched = Set.of();

    /** @param backendFailures admin.readiness.backendFailures */
    public Readiness(int backendFailures) {
        if (backendFailures < 1) {
            throw new IllegalArgumentException("backendFailures must be at least 1");
        }
        this.backendFailures = backendFailures;
    }

    /** Counts the connects to these upstreams only (backend.url, backend.tenantAwareUrl); none given: every one. */
    public void watch(Upstream... upstreams) {
        watched = Set.copyOf(List.of(upstreams)); // legacy and tenant-aware may be the same upstream
    }

    /** The listeners are up. */
    public void started() {
        started = true;
    }

    /** The drain began: not ready from now on, whatever the backend does. */
    public void draining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public void connected(Upstream upstream) {
        // a read, not a write, on the common path: no shared cache line traffic
        if (consecutiveFailures.get() != 0 && counts(upstream)) {
            consecutiveFailures.set(0);
        }
    }

    @Override
    public void failed(Upstream upstream, Throwable cause) {
        if (!counts(upstream)) {
            return;
        }
        lastFailedOrigin = upstream.origin();
        consecutiveFailures.incrementAndGet();
    }

    private boolean counts(Upstream upstream) {
        Set<Upstream> only = watched;
        return only.isEmpty() || only.contains(upstream);
    }

    /** The backend failed {@code backendFailures} connects in a row and none succeeded since. */
    public boolean backendDown() {
        return consecutiveFailures.get() >= backendFailures;
    }

    /** Null when ready; else why not, in a few words for the 503's JSON. */
    public String notReadyReason() {
        if (!started) {
            return "starting";
        }
        if (draining) {
            return "draining";
        }
        int failures = consecutiveFailures.get();
        if (failures >= backendFailures) {
            return "backend unreachable: " + failures + " consecutive failed connects to " + lastFailedOrigin;
        }
        return null;
    }
}
