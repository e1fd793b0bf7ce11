package io.scimrouter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "250ms, 250",
            "0ms, 0",
            "0, 0",
            "30s, 30000",
            "5m, 300000",
            "1h, 3600000",
            "'  2s ', 2000",
            "'10 s', 10000",
            "999999999h, 3599999996400000",
    })
    void parse_acceptsNumberWithUnit(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "'{0}'")
    @ValueSource(strings = {"", "5x", "30", "1.5s", "-1s", "s", "5 m s", "1d", "1H", "PT5S", "1000000000h", "5sec"})
    void parse_rejectsEverythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
