/**
 * Overload protection: token buckets for request rates, counters of requests in progress, and the per-upstream gate
 * with its short wait queue. Lock-free (atomics only), free of Netty and of sockets, time read from an injected
 * nanosecond clock. Everything a configuration's limits need lives in one {@link io.scimrouter.limit.Limiter}, built
 * from the {@code limits} record, so a reloaded configuration can swap it in one step; permits taken from the old
 * one are released into the old one.
 *
 * <p>May import {@code config} and the JDK (and Caffeine); never Netty, {@code server}, {@code upstream} or the root.
 */
package io.scimrouter.limit;
