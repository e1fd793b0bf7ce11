/**
 * Compares two SCIM answers as JSON documents, after mapping what must differ between the URL forms (base URLs,
 * ids, per-run names) and ignoring what may differ (timestamps, versions), and lists every difference with its JSON
 * path. Pure Java and jackson-core only: no Netty, no databind, no I/O, so the {@code verify} command and the
 * router's shadow comparison share one definition of "the same answer".
 */
package io.scimrouter.compare;
