package io.scimrouter.tenant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantsFileParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "project: p1                                                         | expected a list of {project, environment, tenants} entries",
        "- just a string                                                     | entry 1: expected a map",
        "- {environment: e1, tenants: [a]}                                   | entry 1: 'project' must be a non-empty string",
        "- {project: p1, environment: e1, tenants: a}                        | entry 1: 'tenants' must be a list",
        "- {project: p1, environment: e1, tenants: [{upstream: 'http://x'}]} | entry 1: 'key' must be a non-empty string",
        "- {project: p1, environment: e1, tenants: [42]}                     | entry 1: a tenant is a key or a {key, upstream} map",
        "- {project: p1, environment: e1, tenants: [{key: a, upstream: 'http://u:p@x'}]} | entry 1, tenant 'a': upstream must not carry credentials",
        "- !!java.io.File {project: p1}                                      | not valid YAML: line 1, column 3: Global tag is not allowed: tag:yaml.org,2002:java.io.File",
    })
    void rejects_namingTheEntryAndTheProblem(String content, String message) {
        assertThatThrownBy(() -> TenantsFileParser.parse(content))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
