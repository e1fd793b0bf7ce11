/**
 * The access log: one line per exchange (and per request refused before it became one), JSON or text, on standard
 * output. The event loop only copies the outcome's facts into an {@link io.scimrouter.accesslog.AccessLogEntry} and
 * offers it to a bounded lock-free queue; formatting and writing happen on the writer thread, in batches, into
 * reused buffers. Never written: {@code Authorization}, cookies, query values, bodies.
 */
package io.scimrouter.accesslog;
