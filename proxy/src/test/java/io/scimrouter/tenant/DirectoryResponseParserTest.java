package io.scimrouter.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryResponseParserTest {

    private static DirectoryAnswer.Found parse(String body) throws IOException {
        return DirectoryResponseParser.parse(body.getBytes(StandardCharsets.UTF_8), "asked");
    }

    @Test
    void readsTopLevelFields_inAnyOrder_skippingEverythingElse() throws IOException {
        assertThat(parse("{\"upstream\":\"https://shard-2.internal\",\"x\":{\"tenantKey\":\"no\",\"y\":[[{}]]},"
                + "\"n\":1.5e3,\"tenantKey\":\"Acme-01\",\"b\":true}"))
                .isEqualTo(new DirectoryAnswer.Found("Acme-01", URI.create("https://shard-2.internal")));
    }

    @Test
    void missingFields_meanTheRequestedKeyAndTheDefaultBackend() throws IOException {
        assertThat(parse("{\"exists\":true}")).isEqualTo(new DirectoryAnswer.Found("asked", null));
        assertThat(parse(" \n")).isEqualTo(new DirectoryAnswer.Found("asked", null));
        assertThat(parse("{\"tenantKey\":null,\"upstream\":\"\"}")).isEqualTo(new DirectoryAnswer.Found("asked", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "\"acme\"", "{", "{\"a\":1}{}", "{\"tenantKey\":\"a\\r\\nX-Evil: 1\"}", "{\"tenantKey\":\"a b\"}",
        "{\"upstream\":\"file:///etc/passwd\"}", "{\"upstream\":\"not a url\"}",
    })
    void unusableAnswers_fail(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(IOException.class);
    }
}
