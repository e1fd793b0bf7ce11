/**
 * Prometheus metrics (Micrometer's Prometheus registry, one per router): per-exchange counters and histograms read
 * from the {@link io.scimrouter.server.ExchangeOutcome} at each exchange's end, with every meter resolved once per
 * label combination so that recording allocates nothing; tenant cache, connection, JVM and Netty gauges read at scrape
 * time.
 */
package io.scimrouter.metrics;
