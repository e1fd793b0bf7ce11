package io.scimrouter.testing;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Micrometer's global registry counts nothing until a registry is added to it: this adds one for each test
 * ({@code @RegisterExtension final CountingMeters meters = new CountingMeters();}) and removes it afterwards.
 */
public final class CountingMeters implements BeforeEachCallback, AfterEachCallback {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Override
    public void beforeEach(ExtensionContext context) {
        Metrics.addRegistry(registry);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
