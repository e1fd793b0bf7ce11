package io.scimrouter.tenant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantsFileParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "project: p1",                                                      // not a list
        "- just a string",                                                  // entry not a map
        "- {environment: e1, tenants: [a]}",                                // no project
        "- {project: p1, environment: e1, tenants: a}",                     // tenants not a list
        "- {project: p1, environment: e1, tenants: [{upstream: 'http://x'}]}", // tenant without key
        "- {project: p1, environment: e1, tenants: [42]}",                  // tenant of the wrong type
        "- {project: p1, environment: e1, tenants: [{key: a, upstream: 'http://u:p@x'}]}", // credentials in URL
        "- !!java.io.File {project: p1}",                                   // no arbitrary types
    })
    void rejects(String content) {
        assertThatThrownBy(() -> TenantsFileParser.parse(content)).isInstanceOf(RuntimeException.class);
    }
}
