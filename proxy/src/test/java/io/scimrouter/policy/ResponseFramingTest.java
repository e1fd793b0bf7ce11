package io.scimrouter.policy;

import io.scimrouter.policy.ResponseFraming.ConnectionHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing and keep-alive of answers, one situation per row. */
class ResponseFramingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // situation                                   bodyless len  kept  chunked bKA  http10 cKA  complete | chunk unchunk reuse keep  connection
        "plain answer with a length                  | false | true  | true  | false | true  | false | true  | true  | false | false | true  | true  | NONE",
        "chunked answer                              | false | false | false | true  | true  | false | true  | true  | false | false | true  | true  | NONE",
        "close-delimited answer, HTTP/1.1 client     | false | false | false | false | true  | false | true  | true  | true  | false | false | true  | NONE",
        "close-delimited answer, HTTP/1.0 client     | false | false | false | false | true  | true  | true  | true  | false | false | false | false | CLOSE",
        "chunked answer, HTTP/1.0 client             | false | false | false | true  | true  | true  | true  | true  | false | true  | true  | false | CLOSE",
        "answer with a length, HTTP/1.0 keep-alive   | false | true  | true  | false | true  | true  | true  | true  | false | false | true  | true  | KEEP_ALIVE",
        "answer with a length, HTTP/1.0 plain        | false | true  | true  | false | true  | true  | false | true  | false | false | true  | false | CLOSE",
        "rewritten body: length dropped, HTTP/1.1    | false | true  | false | false | true  | false | true  | true  | true  | false | true  | true  | NONE",
        "rewritten body: length dropped, HTTP/1.0    | false | true  | false | false | true  | true  | true  | true  | false | false | true  | false | CLOSE",
        "HEAD answer without a length                | true  | false | false | false | true  | false | true  | true  | false | false | true  | true  | NONE",
        "204 to an HTTP/1.0 keep-alive client        | true  | false | false | false | true  | true  | true  | true  | false | false | true  | true  | KEEP_ALIVE",
        "backend announces a close                   | false | true  | true  | false | false | false | true  | true  | false | false | false | true  | NONE",
        "client announces a close                    | false | true  | true  | false | true  | false | false | true  | false | false | true  | false | CLOSE",
        "answer begins before the request body ended | false | true  | true  | false | true  | false | true  | false | false | false | true  | false | CLOSE",
    })
    void framing(String situation, boolean bodyless, boolean backendLength, boolean lengthKept, boolean chunked,
                 boolean backendKeepAlive, boolean clientHttp10, boolean clientKeepAlive, boolean requestComplete,
                 boolean chunk, boolean unchunk, boolean reuse, boolean keep, ConnectionHeader connection) {
        assertThat(ResponseFraming.decide(bodyless, backendLength, lengthKept, chunked, backendKeepAlive,
                clientHttp10, clientKeepAlive, requestComplete))
                .isEqualTo(new ResponseFraming(chunk, unchunk, reuse, keep, connection));
    }

    @Test
    void decisions_arePrecomputed_soDecidingAllocatesNothing() {
        ResponseFraming first = ResponseFraming.decide(false, true, true, false, true, false, true, true);
        assertThat(ResponseFraming.decide(false, true, true, false, true, false, true, true)).isSameAs(first);
    }

    @ParameterizedTest
    @CsvSource({"true,200,true", "false,204,true", "false,304,true", "false,200,false", "false,404,false",
        "false,205,false"})
    void bodyless_isHeadOr204Or304(boolean headRequest, int status, boolean bodyless) {
        assertThat(ResponseFraming.bodyless(headRequest, status)).isEqualTo(bodyless);
    }

    @ParameterizedTest
    @CsvSource({
        // keep-alive, complete, has body -> kept
        "true,  true,  true,  true",
        "true,  false, false, true",
        "true,  false, true,  false",
        "false, true,  false, false",
    })
    void afterARouterAnswer_theConnectionIsKeptOnlyWithNothingUnread(boolean keepAlive, boolean complete,
                                                                       boolean hasBody, boolean kept) {
        assertThat(ResponseFraming.keepClientAfterRouterAnswer(keepAlive, complete, hasBody)).isEqualTo(kept);
    }
}
