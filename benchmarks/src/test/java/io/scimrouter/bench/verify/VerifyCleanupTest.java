package io.scimrouter.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run that breaks off midway still leaves nothing behind, including what it never learnt the id of. */
class VerifyCleanupTest {
    @Test
    void connectionCutAfterACreateReachedTheBackend_exit2_andNothingRemains() throws Exception {
        AtomicInteger acmeUserPosts = new AtomicInteger();
        FaultyProxy.Fault cutSecondAcmeCreate = new FaultyProxy.Fault() {
            @Override
            public boolean dropAnswer(int requestNumber, FaultyProxy.Message request) {
                // the second user created through /v2/acme (Okta's): created in the backend, its answer lost
                return request.method.equals("POST") && request.uri.endsWith("/v2/acme/Users")
                        && acmeUserPosts.incrementAndGet() == 2;
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultInFront(cutSecondAcmeCreate)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
            assertThat(run.err().lines().filter(l -> l.startsWith("verify: ")).toList()).hasSize(2)
                    .anySatisfy(l -> assertThat(l).contains("POST " + h.baseUrl() + "/v2/acme/Users"))
                    .anySatisfy(l -> assertThat(l).contains("cleaned up after the failure")
                            .contains("nothing left behind"));
            assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(acmeUserPosts.get()).isEqualTo(2);
            h.assertBackendEmpty();
        }
    }

    @Test
    void differencesFound_stillCleanUpEverything() throws Exception {
        FaultyProxy.Fault patchesFail = new FaultyProxy.Fault() {
            @Override
            public void response(FaultyProxy.Message request, FaultyProxy.Message response) {
                if (request.method.equals("PATCH") && request.uri.contains("/v2/globex/")) {
                    response.status = 500;
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultInFront(patchesFail)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.report().path("cleanup").path("created").asInt()).isGreaterThanOrEqualTo(16);
            assertThat(run.report().path("cleanup").path("leftBehind")).isEmpty();
            h.assertBackendEmpty();
        }
    }
}
