package io.scimrouter.bench.stub;

import java.time.Duration;
import java.util.Objects;

/**
 * How the stub backend listens and whether it stalls on purpose.
 *
 * @param delay          server-side stall before every answer (zero for none)
 * @param stallAtRequest the 1-based number of the one request that is held for {@code stallFor}; 0 for none
 * @param stallFor       how long that one request is held
 */
public record StubOptions(String host, int port, Duration delay, long stallAtRequest, Duration stallFor) {
    public StubOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(stallFor, "stallFor");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (delay.isNegative() || stallFor.isNegative() || stallAtRequest < 0) {
            throw new IllegalArgumentException("delays and stall request number must not be negative");
        }
    }

    /** Loopback on an ephemeral port, no stalls: what tests start from. */
    public static StubOptions loopbackEphemeral() {
        return new StubOptions("127.0.0.1", 0, Duration.ZERO, 0, Duration.ZERO);
    }

    public StubOptions withDelay(Duration newDelay) {
        return new StubOptions(host, port, newDelay, stallAtRequest, stallFor);
    }

    public StubOptions withStallOnce(long requestNumber, Duration duration) {
        return new StubOptions(host, port, delay, requestNumber, duration);
    }

    /** The stall for the n-th request (1-based), in nanoseconds. */
    long stallNanosFor(long requestNumber) {
        long nanos = delay.toNanos();
        if (stallAtRequest > 0 && requestNumber == stallAtRequest) {
            nanos += stallFor.toNanos();
        }
        return nanos;
    }
}
