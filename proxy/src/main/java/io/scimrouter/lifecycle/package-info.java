/**
 * The router's life beyond single requests: readiness (started, draining, the backend reachable), the active
 * backend check that lets readiness recover without traffic, the drain on SIGTERM, and the signals themselves.
 */
package io.scimrouter.lifecycle;
