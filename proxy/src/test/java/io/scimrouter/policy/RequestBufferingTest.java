package io.scimrouter.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBufferingTest {
    private final RequestBuffering buffering = new RequestBuffering(1000);

    @ParameterizedTest(name = "body {0}, length {1}: {2}")
    @CsvSource({
        "false, -1,   NONE",
        "false, 0,    NONE",
        "true,  1,    WHOLE",
        "true,  1000, WHOLE",
        "true,  1001, STREAM",
        "true,  " + Long.MAX_VALUE + ", STREAM",
        "true,  -1,   GROWING",
    })
    void plan_followsTheDeclaredLength(boolean hasBody, long contentLength, RequestBuffering.Plan plan) {
        assertThat(buffering.plan(hasBody, contentLength)).isEqualTo(plan);
    }

    @ParameterizedTest(name = "body {0}, length {1}: {2}")
    @CsvSource({"false, -1, NONE", "true, 1, STREAM", "true, -1, STREAM"})
    void plan_streamsEveryBody_whenBufferingIsOff(boolean hasBody, long contentLength, RequestBuffering.Plan plan) {
        assertThat(new RequestBuffering(0).plan(hasBody, contentLength)).isEqualTo(plan);
    }

    @ParameterizedTest(name = "{0} bytes fit: {1}")
    @CsvSource({"0, true", "999, true", "1000, true", "1001, false"})
    void fits_upToTheLimit(long bytes, boolean fits) {
        assertThat(buffering.fits(bytes)).isEqualTo(fits);
    }

    @ParameterizedTest(name = "whole {0}, chunked {1}, rewritten {2}: {3}")
    @CsvSource({
        "true,  true,  false, true",
        "true,  false, true,  true",
        "true,  true,  true,  true",
        "true,  false, false, false",
        "false, true,  false, false",
        "false, false, true,  false",
    })
    void announceLength_onlyForAWholeBodyWhoseLengthIsNotTheClients(boolean whole, boolean chunked,
                                                                      boolean rewritten, boolean announce) {
        assertThat(RequestBuffering.announceLength(whole, chunked, rewritten)).isEqualTo(announce);
    }
}
