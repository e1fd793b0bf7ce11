package io.scimrouter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0, 0",
            "1048576, 1048576",
            "512B, 512",
            "1KB, 1000",
            "1kb, 1000",
            "2MB, 2000000",
            "1GB, 1000000000",
            "1KiB, 1024",
            "16kib, 16384",
            "10MiB, 10485760",
            "'10 MiB', 10485760",
            "2GiB, 2147483648",
    })
    void parse_acceptsBytesAndUnits(String text, long bytes) {
        assertThat(Sizes.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest(name = "'{0}'")
    @ValueSource(strings = {"", "MiB", "10XB", "1.5MiB", "-1", "10 Mi", "10TB", "9999999999999999GiB", "ten"})
    void parse_rejectsEverythingElse(String text) {
        assertThat(Sizes.parse(text)).isEmpty();
    }
}
