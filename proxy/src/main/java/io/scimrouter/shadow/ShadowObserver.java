package io.scimrouter.shadow;

/** Told how every sampled read ended; called on the shadow executor or (for drops) on an event loop: be quick. */
@FunctionalInterface
public interface ShadowObserver {
    ShadowObserver NONE = result -> { };

    void onShadowResult(ShadowResult result);
}
