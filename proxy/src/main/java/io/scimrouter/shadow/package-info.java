/**
 * Shadow comparison ({@code rollout.shadow}): after a sampled legacy read has been answered, the same read is
 * fetched again from the legacy and from the tenant-aware upstream (as the default tenant, as {@code /v2} reaches
 * it) and the two answers are compared with {@link io.scimrouter.compare.DocumentComparator}. A side channel: it
 * starts only when the client's exchange has ended, runs on its own small executor with its own HTTP client, and
 * is bounded in requests in flight, time and body size. It reports through a {@link ShadowObserver}; the root
 * wires the metrics in, this package does not import them.
 */
package io.scimrouter.shadow;
