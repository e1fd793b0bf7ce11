package io.scimrouter.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The places one admitted request holds in the counters of requests in progress (its project/environment's, its
 * tenant's, either may be absent). Released once: a second {@link #release} does nothing, so an ending reported twice
 * cannot free a place another request holds.
 */
public final class Permit {
    /** Holds nothing (only rates are limited): releasing it costs nothing. */
    public static final Permit NONE = new Permit(null, null);

    private final InFlightCounter projectEnvironment;
    private final InFlightCounter tenant;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(InFlightCounter projectEnvironment, InFlightCounter tenant) {
        this.projectEnvironment = projectEnvironment;
        this.tenant = tenant;
    }

    /** Gives the places back; only the first call counts. */
    public void release() {
        if (this == NONE || !released.compareAndSet(false, true)) {
            return;
        }
        if (projectEnvironment != null) {
            projectEnvironment.release();
        }
        if (tenant != null) {
            tenant.release();
        }
    }

    /** True once {@link #release} ran (for tests). */
    public boolean released() {
        return this == NONE || released.get();
    }
}
