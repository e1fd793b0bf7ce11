package io.scimrouter.tenant.it;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A WireMock extension that holds every answer until the test releases it: a directory call stays in flight for
 * exactly as long as the test needs, instead of for a guessed fixed delay.
 */
final class HeldAnswers implements ResponseDefinitionTransformerV2 {
    private static final long MAX_HOLD_SECONDS = 60;

    private final CountDownLatch release = new CountDownLatch(1);

    void release() {
        release.countDown();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        try {
            // runs on a WireMock container thread; bounded so a failing test cannot hang the server's shutdown
            if (!release.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("answer held for more than " + MAX_HOLD_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return serveEvent.getResponseDefinition();
    }

    @Override
    public String getName() {
        return "held-answers";
    }
}
