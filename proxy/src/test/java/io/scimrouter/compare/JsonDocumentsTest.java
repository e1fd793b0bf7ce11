package io.scimrouter.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimrouter.compare.JsonDocuments.MalformedJsonException;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {
    private static final JsonDocuments SMALL = new JsonDocuments(new JsonDocuments.Limits(200, 3, 20));

    @Test
    void parsesEveryKindOfValue_keepingFieldOrder() throws Exception {
        JsonValue value = JsonDocuments.withDefaultLimits()
                .parse("{\"b\":[1,2.50,-3e2],\"a\":{\"t\":true,\"f\":false,\"n\":null},\"s\":\"\\u00e9\\n\"}");

        assertThat(value.toJson()).isEqualTo("{\"b\":[1,2.50,-3E+2],\"a\":{\"t\":true,\"f\":false,\"n\":null},"
                + "\"s\":\"\u00e9\\n\"}");
        assertThat(value.text("s")).contains("\u00e9\n");
    }

    @Test
    void duplicateFieldsAndTrailingContent_areMalformed() {
        assertThatThrownBy(() -> SMALL.parse("{\"a\":1,\"a\":2}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> SMALL.parse("{\"a\":1} {}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> SMALL.parse("")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> SMALL.parse("{\"a\":")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void limits_areEnforcedWithoutQuotingTheContent() {
        assertThatThrownBy(() -> SMALL.parse("[[[[1]]]]")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> SMALL.parse("{\"secret\":\"" + "x".repeat(30) + "\"}"))
                .isInstanceOf(MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("xxx"));
        assertThatThrownBy(() -> SMALL.parse("[" + "1,".repeat(150) + "1]"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("over the limit");
    }
}
