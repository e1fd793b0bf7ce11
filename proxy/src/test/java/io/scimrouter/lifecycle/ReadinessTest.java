package io.scimrouter.lifecycle;

import io.scimrouter.upstream.Upstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {
    private static final Upstream LEGACY = Upstream.of(URI.create("http://legacy.internal:8080"));
    private static final Upstream TENANT_OWN = Upstream.of(URI.create("http://acme.internal:8080"));
    private static final IOException REFUSED = new IOException("Connection refused");

    private static Readiness started(int failures) {
        Readiness readiness = new Readiness(failures);
        readiness.watch(LEGACY);
        readiness.started();
        return readiness;
    }

    @Test
    void notReady_untilStarted() {
        Readiness readiness = new Readiness(3);
        assertThat(readiness.notReadyReason()).isEqualTo("starting");
        readiness.started();
        assertThat(readiness.notReadyReason()).isNull();
    }

    @Test
    void consecutiveFailures_reachingTheThreshold_makeItUnready_oneSuccessMakesItReady() {
        Readiness readiness = started(3);
        readiness.failed(LEGACY, REFUSED);
        readiness.failed(LEGACY, REFUSED);
        assertThat(readiness.notReadyReason()).isNull();
        readiness.connected(LEGACY);
        readiness.failed(LEGACY, REFUSED);
        readiness.failed(LEGACY, REFUSED);
        assertThat(readiness.backendDown()).as("the success in between started the count anew").isFalse();
        readiness.failed(LEGACY, REFUSED);

        assertThat(readiness.backendDown()).isTrue();
        assertThat(readiness.notReadyReason())
                .isEqualTo("backend unreachable: 3 consecutive failed connects to http://legacy.internal:8080");

        readiness.connected(LEGACY);
        assertThat(readiness.notReadyReason()).isNull();
    }

    @Test
    void aTenantsOwnUpstream_doesNotCount() {
        Readiness readiness = started(1);
        readiness.failed(TENANT_OWN, REFUSED);
        readiness.failed(TENANT_OWN, REFUSED);

        assertThat(readiness.notReadyReason()).isNull();
    }

    @Test
    void draining_isNotReady_whateverTheBackendDoes() {
        Readiness readiness = started(3);
        readiness.draining();
        readiness.connected(LEGACY);

        assertThat(readiness.notReadyReason()).isEqualTo("draining");
        assertThat(readiness.isDraining()).isTrue();
    }
}
