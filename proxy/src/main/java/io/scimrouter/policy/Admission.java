package io.scimrouter.policy;

import io.scimrouter.route.Route;
import io.scimrouter.route.RouteDecision;
import io.scimrouter.route.RouteRejection;

import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * Whether a request head may become an exchange, checked in a fixed order so that the first problem found is the one
 * the client hears about: Host, method, transfer coding, Expect, the request target, the declared body size, the
 * rollout, Host again for the /v2 forms. A refused request whose body follows, or whose client did not ask to keep the
 * connection, also loses the connection: the rest of an unread body cannot be told apart from a next request.
 */
public final class Admission {
    private static final String CONTINUE = "100-continue";
    private static final String CHUNKED = "chunked";

    private final long maxBodyBytes;
    private final boolean publicUrlSet;
    private final BiPredicate<String, String> tenantAwareEnabled;
    private final Verdict.Reject bodyTooLarge;

    /**
     * @param maxBodyBytes       server.maxRequestBodyBytes
     * @param publicUrlSet       server.publicUrl is set: the /v2 forms need no Host to build URLs from
     * @param tenantAwareEnabled the rollout: may this (project, environment) use the /v2 forms?
     */
    public Admission(long maxBodyBytes, boolean publicUrlSet, BiPredicate<String, String> tenantAwareEnabled) {
        this.maxBodyBytes = maxBodyBytes;
        this.publicUrlSet = publicUrlSet;
        this.tenantAwareEnabled = tenantAwareEnabled;
        this.bodyTooLarge = new Verdict.Reject(413, "The request body is larger than " + maxBodyBytes + " bytes", true);
    }

    /** {@link Verdict#ADMIT}, or the first reason to refuse {@code head}, whose target parsed to {@code target}. */
    public Verdict admit(RequestHead head, RouteDecision target) {
        boolean close = !head.keepAlive() || head.hasBody();
        String host = head.host();
        if (head.hostCount() > 1 || host == null && "HTTP/1.1".equals(head.protocolVersion())) {
            return new Verdict.Reject(400, "A request must carry exactly one Host header", close);
        }
        if (host != null && !HostHeader.isValid(host)) {
            return new Verdict.Reject(400, "Invalid Host header", close);
        }
        if ("CONNECT".equals(head.method()) || "TRACE".equals(head.method())) {
            return new Verdict.Reject(405, "Method not allowed", close);
        }
        String codings = head.transferEncoding();
        if (codings != null && !chunkedAlone(codings)) {
            // RFC 9112 section 6.1: 501 for a coding the router does not implement; passed on, a backend that read
            // only one of several Transfer-Encoding lines would frame the body differently (request smuggling)
            return new Verdict.Reject(501, "Only the chunked transfer coding is supported", true);
        }
        String expect = head.expect();
        if (expect != null && !CONTINUE.equalsIgnoreCase(expect.trim())) {
            return new Verdict.Reject(417, "Only 'Expect: 100-continue' is supported", close);
        }
        if (target instanceof RouteRejection rejection) {
            return new Verdict.Reject(rejection.status(), rejection.detail(), close);
        }
        Route route = (Route) target;
        if (head.contentLength() > maxBodyBytes) {
            return bodyTooLarge;
        }
        if (route.tenantAware()) {
            if (!tenantAwareEnabled.test(route.project(), route.environment())) {
                return new Verdict.Reject(404, "The tenant-aware endpoint (/v2) is not enabled for project '"
                        + route.project() + "', environment '" + route.environment() + "'", close);
            }
            if (host == null && !publicUrlSet) {
                return new Verdict.Reject(400, "A Host header is required on the /v2 forms", close);
            }
        }
        return Verdict.ADMIT;
    }

    private static boolean chunkedAlone(String codings) {
        return codings.indexOf(',') < 0 && CHUNKED.equalsIgnoreCase(codings.trim());
    }

    /** An admitted head that carries Expect asks for 100-continue: the router answers it itself. */
    public static boolean expectsContinue(RequestHead head) {
        return head.expect() != null;
    }

    /** A body that turns out larger than server.maxRequestBodyBytes while it streams (or says so up front). */
    public Verdict.Reject bodyTooLarge() {
        return bodyTooLarge;
    }

    /** A body whose chunked framing does not decode. */
    public static Verdict.Reject malformedBody() {
        return new Verdict.Reject(400, "Malformed request body framing", true);
    }

    /** A head the codec could not decode; the connection cannot be trusted to be in sync after it. */
    public static Verdict.Reject undecodable(DecoderFailure failure) {
        return switch (failure) {
            case REQUEST_LINE_TOO_LONG -> new Verdict.Reject(414, "The request line is too long", true);
            case HEADERS_TOO_LARGE -> new Verdict.Reject(431, "The request headers are too large", true);
            case FRAME_TOO_LARGE -> new Verdict.Reject(413, "Malformed HTTP request", true);
            case MALFORMED -> new Verdict.Reject(400, "Malformed HTTP request", true);
        };
    }

    /** No body bytes for server.requestBodyTimeout (slow uploads); the rest of the body cannot be waited for. */
    public static Verdict.Reject bodyTimeout(Duration timeout) {
        return new Verdict.Reject(408, "No request body bytes arrived for " + timeout.toMillis() + " ms", true);
    }

    /** A head not complete within server.requestHeadTimeout of its first byte (slow-header clients). */
    public static Verdict.Reject headTimeout(Duration timeout) {
        return new Verdict.Reject(408, "The request head was not complete within " + timeout.toMillis() + " ms",
                true);
    }
}
