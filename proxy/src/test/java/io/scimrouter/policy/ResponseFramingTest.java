package io.scimrouter.policy;

import io.scimrouter.policy.ResponseFraming.ConnectionHeader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Framing and keep-alive of answers, one situation per row. */
class ResponseFramingTest {

    @TestFactory
    Stream<DynamicTest> framing() {
        return Rows.of("""
                situation                                   | bodyless | length | kept  | chunked | backend keep-alive | HTTP/1.0 | client keep-alive | complete | chunk | unchunk | reuse | keep  | connection
                plain answer with a length                  | false    | true   | true  | false   | true  | false | true  | true  | false | false | true  | true  | NONE
                chunked answer                              | false    | false  | false | true    | true  | false | true  | true  | false | false | true  | true  | NONE
                close-delimited answer, HTTP/1.1 client     | false    | false  | false | false   | true  | false | true  | true  | true  | false | false | true  | NONE
                close-delimited answer, HTTP/1.0 client     | false    | false  | false | false   | true  | true  | true  | true  | false | false | false | false | CLOSE
                chunked answer, HTTP/1.0 client             | false    | false  | false | true    | true  | true  | true  | true  | false | true  | true  | false | CLOSE
                answer with a length, HTTP/1.0 keep-alive   | false    | true   | true  | false   | true  | true  | true  | true  | false | false | true  | true  | KEEP_ALIVE
                answer with a length, HTTP/1.0 plain        | false    | true   | true  | false   | true  | true  | false | true  | false | false | true  | false | CLOSE
                rewritten body: length dropped, HTTP/1.1    | false    | true   | false | false   | true  | false | true  | true  | true  | false | true  | true  | NONE
                rewritten body: length dropped, HTTP/1.0    | false    | true   | false | false   | true  | true  | true  | true  | false | false | true  | false | CLOSE
                HEAD answer without a length                | true     | false  | false | false   | true  | false | true  | true  | false | false | true  | true  | NONE
                204 to an HTTP/1.0 keep-alive client        | true     | false  | false | false   | true  | true  | true  | true  | false | false | true  | true  | KEEP_ALIVE
                backend announces a close                   | false    | true   | true  | false   | false | false | true  | true  | false | false | false | true  | NONE
                client announces a close                    | false    | true   | true  | false   | true  | false | false | true  | false | false | true  | false | CLOSE
                answer begins before the request body ended | false    | true   | true  | false   | true  | false | true  | false | false | false | true  | false | CLOSE
                """).map(row -> dynamicTest(row.get(0), () -> {
                    boolean[] in = new boolean[8];
                    for (int i = 0; i < 8; i++) {
                        in[i] = Boolean.parseBoolean(row.get(1 + i));
                    }
                    assertThat(ResponseFraming.decide(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7]))
                            .isEqualTo(new ResponseFraming(Boolean.parseBoolean(row.get(9)),
                                    Boolean.parseBoolean(row.get(10)), Boolean.parseBoolean(row.get(11)),
                                    Boolean.parseBoolean(row.get(12)), ConnectionHeader.valueOf(row.get(13))));
                }));
    }

    @Test
    void decisions_arePrecomputed_soDecidingAllocatesNothing() {
        ResponseFraming first = ResponseFraming.decide(false, true, true, false, true, false, true, true);
        assertThat(ResponseFraming.decide(false, true, true, false, true, false, true, true)).isSameAs(first);
    }

    @Test
    void bodyless_isHeadOr204Or304() {
        assertThat(ResponseFraming.bodyless(true, 200)).isTrue();
        assertThat(ResponseFraming.bodyless(false, 204)).isTrue();
        assertThat(ResponseFraming.bodyless(false, 304)).isTrue();
        assertThat(ResponseFraming.bodyless(false, 200)).isFalse();
        assertThat(ResponseFraming.bodyless(false, 404)).isFalse();
        assertThat(ResponseFraming.bodyless(false, 205)).isFalse();
    }

    @Test
    void afterARouterAnswer_theConnectionIsKeptOnlyWithNothingUnread() {
        // keep-alive, request complete, has a body
        assertThat(ResponseFraming.keepClientAfterRouterAnswer(true, true, true)).isTrue();
        assertThat(ResponseFraming.keepClientAfterRouterAnswer(true, false, false)).isTrue();
        assertThat(ResponseFraming.keepClientAfterRouterAnswer(true, false, true)).isFalse();
        assertThat(ResponseFraming.keepClientAfterRouterAnswer(false, true, false)).isFalse();
    }
}
