package io.scimrouter.policy;

import io.scimrouter.route.RouteDecision;
import io.scimrouter.route.RouteParser;
import io.scimrouter.route.RouteRejection;
import io.scimrouter.testing.TestConfigs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The request head checks as a table: one head per row, changed from a plain keep-alive GET in one or two ways, and
 * the verdict: admitted, or the status, detail and whether the connection closes.
 */
class AdmissionTest {
    private static final RouteParser PARSER = new RouteParser("/scim/v2", "default",
            Pattern.compile("[A-Za-z0-9_-]{1,64}"), TestConfigs.ENDPOINTS);
    /** server.maxRequestBodyBytes 1000; /v2 enabled everywhere except project p9. */
    private static final Admission ADMISSION = new Admission(1000, false, (project, env) -> !project.equals("p9"));

    /** A head as a test writes it; the defaults are a keep-alive HTTP/1.1 GET with one Host. */
    private record Head(String method, String protocolVersion, int hostCount, String host, String expect,
                        long contentLength, String transferEncoding, boolean hasBody, boolean keepAlive)
            implements RequestHead {
        static Head get() {
            return new Head("GET", "HTTP/1.1", 1, "scim.example.com", null, -1, null, false, true);
        }

        Head method(String m) {
            return new Head(m, protocolVersion, hostCount, host, expect, contentLength, transferEncoding, hasBody,
                    keepAlive);
        }

        Head version(String v) {
            return new Head(method, v, hostCount, host, expect, contentLength, transferEncoding, hasBody, keepAlive);
        }

        Head hosts(int count, String first) {
            return new Head(method, protocolVersion, count, first, expect, contentLength, transferEncoding, hasBody,
                    keepAlive);
        }

        Head expect(String e) {
            return new Head(method, protocolVersion, hostCount, host, e, contentLength, transferEncoding, hasBody,
                    keepAlive);
        }

        Head body(long length) {
            return new Head(method, protocolVersion, hostCount, host, expect, length, null, length > 0, keepAlive);
        }

        Head chunked() {
            return transferEncoding("chunked");
        }

        Head transferEncoding(String codings) {
            return new Head(method, protocolVersion, hostCount, host, expect, -1, codings, true, keepAlive);
        }

        Head close() {
            return new Head(method, protocolVersion, hostCount, host, expect, contentLength, transferEncoding, hasBody,
                    false);
        }
    }

    /** Applies the row's change to the plain GET. */
    private static Head head(String change) {
        Head h = Head.get();
        for (String part : change.split("\\+")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            h = switch (name) {
                case "" -> h;
                case "method" -> h.method(value);
                case "version" -> h.version(value);
                case "noHost" -> h.hosts(0, null);
                case "twoHosts" -> h.hosts(2, "a");
                case "host" -> h.hosts(1, value);
                case "expect" -> h.expect(value);
                case "length" -> h.body(Long.parseLong(value));
                case "chunked" -> h.chunked();
                case "te" -> h.transferEncoding(value);
                case "close" -> h.close();
                default -> throw new IllegalArgumentException(name);
            };
        }
        return h;
    }

    private static Verdict admit(String change, String target) {
        RouteDecision route = PARSER.parse(target);
        return ADMISSION.admit(head(change), route);
    }

    @TestFactory
    Stream<DynamicTest> admitted() {
        return Rows.of("""
                change                          | target
                                                | /scim/v2/p1/e1/Users
                                                | /scim/v2/p1/e1/v2/acme/Users
                                                | /scim/v2/p9/e1/Users
                method=POST + length=1000       | /scim/v2/p1/e1/v2/Users
                method=POST + chunked           | /scim/v2/p1/e1/v2/acme/Users
                method=POST + te=Chunked        | /scim/v2/p1/e1/Users
                method=POST + te= CHUNKED       | /scim/v2/p1/e1/Users
                expect=100-continue             | /scim/v2/p1/e1/Users
                expect= 100-Continue            | /scim/v2/p1/e1/Users
                version=HTTP/1.0 + noHost       | /scim/v2/p1/e1/Users
                host=[::1]:8443                 | /scim/v2/p1/e1/v2/Users
                host=scim_1.example.com:443     | /scim/v2/p1/e1/v2/Users
                method=DELETE + close           | /scim/v2/p1/e1/Users/7
                """).map(row -> dynamicTest(row.get(0) + " " + row.get(1) + ": admitted",
                () -> assertThat(admit(row.get(0), row.get(1))).isSameAs(Verdict.ADMIT)));
    }

    @TestFactory
    Stream<DynamicTest> refused() {
        return Rows.of("""
                change                          | target                        | status | close | detail (empty: the target's own)
                // Host: exactly one on HTTP/1.1, and a valid one
                noHost                          | /scim/v2/p1/e1/Users          | 400 | false | A request must carry exactly one Host header
                twoHosts                        | /scim/v2/p1/e1/Users          | 400 | false | A request must carry exactly one Host header
                twoHosts + version=HTTP/1.0     | /scim/v2/p1/e1/Users          | 400 | false | A request must carry exactly one Host header
                host=evil.com/scim              | /scim/v2/p1/e1/Users          | 400 | false | Invalid Host header
                host=a@b                        | /scim/v2/p1/e1/Users          | 400 | false | Invalid Host header
                host=h:99999                    | /scim/v2/p1/e1/Users          | 400 | false | Invalid Host header
                // the connection closes when a body follows or the client did not ask to keep it
                host=a@b + length=5             | /scim/v2/p1/e1/Users          | 400 | true  | Invalid Host header
                host=a@b + chunked              | /scim/v2/p1/e1/Users          | 400 | true  | Invalid Host header
                host=a@b + close                | /scim/v2/p1/e1/Users          | 400 | true  | Invalid Host header
                // methods and Expect
                method=CONNECT                  | /scim/v2/p1/e1/Users          | 405 | false | Method not allowed
                method=TRACE                    | /scim/v2/p1/e1/Users          | 405 | false | Method not allowed
                expect=200-ok                   | /scim/v2/p1/e1/Users          | 417 | false | Only 'Expect: 100-continue' is supported
                // transfer codings: chunked alone; the codec already refused one that does not end in chunked
                te=gzip, chunked                | /scim/v2/p1/e1/Users          | 501 | true  | Only the chunked transfer coding is supported
                te=xchunked,chunked             | /scim/v2/p1/e1/Users          | 501 | true  | Only the chunked transfer coding is supported
                te=identity, chunked            | /scim/v2/p1/e1/v2/Users       | 501 | true  | Only the chunked transfer coding is supported
                // the target's own rejection, with the connection rule
                                                | /scim/v2/p1/e1/../Users       | 400 | false |
                length=10                       | /elsewhere/Users              | 404 | true  |
                // the declared body size always closes: the body would follow
                method=POST + length=1001       | /scim/v2/p1/e1/Users          | 413 | true  | The request body is larger than 1000 bytes
                // rollout, then Host on the /v2 forms
                                                | /scim/v2/p9/e1/v2/acme/Users  | 404 | false | The tenant-aware endpoint (/v2) is not enabled for project 'p9', environment 'e1'
                version=HTTP/1.0 + noHost       | /scim/v2/p1/e1/v2/Users       | 400 | false | A Host header is required on the /v2 forms
                // the first problem wins: Host, method, transfer coding, Expect, target, size, rollout
                noHost + method=TRACE           | /scim/v2/p1/e1/Users          | 400 | false | A request must carry exactly one Host header
                method=TRACE + expect=x         | /scim/v2/p1/e1/../Users       | 405 | false | Method not allowed
                te=gzip,chunked + expect=x      | /scim/v2/p1/e1/../Users       | 501 | true  | Only the chunked transfer coding is supported
                expect=x                        | /scim/v2/p1/e1/../Users       | 417 | false | Only 'Expect: 100-continue' is supported
                length=2000                     | /scim/v2/p1/e1/../Users       | 400 | true  |
                length=2000                     | /scim/v2/p9/e1/v2/Users       | 413 | true  | The request body is larger than 1000 bytes
                """).map(row -> dynamicTest(row.get(0) + " " + row.get(1) + ": " + row.get(2) + ", close "
                + row.get(3), () -> {
                    Verdict verdict = admit(row.get(0), row.get(1));
                    String detail = row.get(4).isEmpty()
                            ? ((RouteRejection) PARSER.parse(row.get(1))).detail() : row.get(4);
                    assertThat(verdict).isEqualTo(new Verdict.Reject(Integer.parseInt(row.get(2)), detail,
                            Boolean.parseBoolean(row.get(3))));
                }));
    }

    @Test
    void publicUrl_makesHostOptionalOnTheV2Forms() {
        Admission withPublicUrl = new Admission(1000, true, (p, e) -> true);
        assertThat(withPublicUrl.admit(head("version=HTTP/1.0 + noHost"), PARSER.parse("/scim/v2/p1/e1/v2/Users")))
                .isSameAs(Verdict.ADMIT);
    }

    @Test
    void expectsContinue_whenAnAdmittedHeadCarriesExpect() {
        assertThat(Admission.expectsContinue(head("expect=100-continue"))).isTrue();
        assertThat(Admission.expectsContinue(head(""))).isFalse();
    }

    @Test
    void undecodableHeads_closeTheConnection() {
        assertThat(Stream.of(DecoderFailure.values()).map(Admission::undecodable)).containsExactly(
                new Verdict.Reject(414, "The request line is too long", true),
                new Verdict.Reject(431, "The request headers are too large", true),
                new Verdict.Reject(413, "Malformed HTTP request", true),
                new Verdict.Reject(400, "Malformed HTTP request", true));
    }

    @Test
    void bodyAndHeadLimits_haveTheirDocumentedAnswers() {
        assertThat(ADMISSION.bodyTooLarge())
                .isEqualTo(new Verdict.Reject(413, "The request body is larger than 1000 bytes", true));
        assertThat(Admission.malformedBody())
                .isEqualTo(new Verdict.Reject(400, "Malformed request body framing", true));
        assertThat(Admission.headTimeout(Duration.ofMillis(300)))
                .isEqualTo(new Verdict.Reject(408, "The request head was not complete within 300 ms", true));
    }
}
