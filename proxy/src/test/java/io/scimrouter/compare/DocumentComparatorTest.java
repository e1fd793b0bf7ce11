package io.scimrouter.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimrouter.compare.Difference.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentComparatorTest {
    private static final String LEGACY = "http://h:8080/scim/v2/p1/e1";
    private static final String ACME = "http://h:8080/scim/v2/p1/e1/v2/acme";
    private static final DocumentComparator SCIM = new DocumentComparator(ComparisonRules.scim());
    private static final JsonDocuments JSON = JsonDocuments.withDefaultLimits();

    private static JsonValue json(String text) throws Exception {
        return JSON.parse(text);
    }

    private static StringMapping form(String base, String userId, String groupId) {
        return StringMapping.builder().baseUrl(base, "{base}").literal(userId, "{user}").literal(groupId, "{group}")
                .build();
    }

    private static String group(String base, String groupId, String userId, String refBase, String version) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"Eng",
                 "members":[{"value":"u-other","display":"Bob"},{"value":"%s","$ref":"%s/Users/%s"}],
                 "meta":{"resourceType":"Group","created":"2026-01-01T00:00:00Z","lastModified":"%s",
                         "location":"%s/Groups/%s","version":"%s"}}
                """.formatted(groupId, userId, refBase, userId, version, base, groupId, version);
    }

    @Test
    void sameGroupThroughTwoForms_isEqualOnceBaseUrlsIdsAndTimestampsAreMapped() throws Exception {
        JsonValue legacy = json(group(LEGACY, "g1", "u1", LEGACY, "W/\\\"a\\\""));
        JsonValue acme = json(group(ACME, "g2", "u2", ACME, "W/\\\"b\\\""));

        assertThat(SCIM.compare(legacy, form(LEGACY, "u1", "g1"), acme, form(ACME, "u2", "g2"))).isEmpty();
    }

    @Test
    void refLeftInTheLegacyForm_isReportedAtItsPathWithBothMappedValues() throws Exception {
        JsonValue legacy = json(group(LEGACY, "g1", "u1", LEGACY, "1"));
        JsonValue acme = json(group(ACME, "g2", "u2", LEGACY, "1"));

        List<Difference> differences = SCIM.compare(legacy, form(LEGACY, "u1", "g1"), acme, form(ACME, "u2", "g2"));

        assertThat(differences).containsExactly(new Difference(JsonPath.root().field("members").index(1)
                .field("$ref"), Kind.DIFFERENT_VALUE, "\"{base}/Users/{user}\"",
                "\"http://h:8080/scim/v2/p1/e1/Users/{user}\""));
        assertThat(differences.get(0).path()).hasToString("$.members[1].$ref");
    }

    @Test
    void ignoredValues_stillCountWhenPresentOnOneSideOnly() throws Exception {
        List<Difference> differences = SCIM.compare(json("{\"meta\":{\"version\":\"1\",\"created\":\"x\"}}"),
                StringMapping.IDENTITY, json("{\"meta\":{\"created\":\"y\"}}"), StringMapping.IDENTITY);

        assertThat(differences).extracting(d -> d.path().toString(), Difference::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.meta.version", Kind.MISSING_ON_RIGHT));
    }

    @Test
    void anotherUsersId_isADifference() throws Exception {
        StringMapping left = form(LEGACY, "u1", "g1");
        StringMapping right = form(ACME, "u2", "g2");

        List<Difference> differences = SCIM.compare(json("{\"id\":\"u1\"}"), left, json("{\"id\":\"u9\"}"), right);

        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.path()).hasToString("$.id");
            assertThat(d.left()).isEqualTo("\"{user}\"");
            assertThat(d.right()).isEqualTo("\"u9\"");
        });
    }

    @Test
    void arrays_compareAsMultisetsUnlessOrdered() throws Exception {
        JsonValue left = json("{\"emails\":[{\"value\":\"a\"},{\"value\":\"b\"}],\"Operations\":[1,2]}");
        JsonValue right = json("{\"emails\":[{\"value\":\"b\"},{\"value\":\"a\"}],\"Operations\":[2,1]}");

        assertThat(SCIM.compare(left, StringMapping.IDENTITY, right, StringMapping.IDENTITY)).isEmpty();
        assertThat(new DocumentComparator(ComparisonRules.scim().withOrderedArrays("Operations"))
                .compare(left, StringMapping.IDENTITY, right, StringMapping.IDENTITY))
                .extracting(d -> d.path().toString()).containsExactly("$.Operations[0]", "$.Operations[1]");
    }

    @Test
    void unmatchedArrayElements_pairByIdentityBeforePosition() throws Exception {
        JsonValue left = json("""
                {"members":[{"value":"a","display":"A"},{"value":"b","display":"B"}]}""");
        JsonValue right = json("""
                {"members":[{"value":"b","display":"B2"},{"value":"a","display":"A"}]}""");

        assertThat(SCIM.compare(left, StringMapping.IDENTITY, right, StringMapping.IDENTITY))
                .singleElement().satisfies(d -> {
                    assertThat(d.path()).hasToString("$.members[1].display");
                    assertThat(d.left()).isEqualTo("\"B\"");
                    assertThat(d.right()).isEqualTo("\"B2\"");
                });
    }

    @Test
    void extraAndMissingElementsAndFields_areReportedOnTheirSide() throws Exception {
        JsonValue left = json("{\"a\":1,\"Resources\":[{\"id\":\"x\"}]}");
        JsonValue right = json("{\"b\":2,\"Resources\":[{\"id\":\"x\"},{\"id\":\"stranger\"}]}");

        assertThat(SCIM.compare(left, StringMapping.IDENTITY, right, StringMapping.IDENTITY))
                .extracting(d -> d.path().toString(), Difference::kind, Difference::left, Difference::right)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("$.a", Kind.MISSING_ON_RIGHT, "1", null),
                        org.assertj.core.groups.Tuple.tuple("$.Resources[1]", Kind.MISSING_ON_LEFT, null,
                                "{\"id\":\"stranger\"}"),
                        org.assertj.core.groups.Tuple.tuple("$.b", Kind.MISSING_ON_LEFT, null, "2"));
    }

    @Test
    void numbersCompareByValue_butNotWithStrings() throws Exception {
        assertThat(SCIM.compare(json("[1.0, 2]"), StringMapping.IDENTITY, json("[1, 2e0]"), StringMapping.IDENTITY))
                .isEmpty();
        assertThat(SCIM.compare(json("{\"status\":\"404\"}"), StringMapping.IDENTITY, json("{\"status\":404}"),
                StringMapping.IDENTITY)).singleElement()
                .satisfies(d -> assertThat(d.kind()).isEqualTo(Kind.DIFFERENT_VALUE));
    }

    @Test
    void scimErrorWithAnotherStatusAndScimType_namesBothFields() throws Exception {
        String error = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"%s\","
                + "\"scimType\":\"%s\"}";

        List<Difference> differences = SCIM.compare(json(error.formatted("409", "uniqueness")),
                StringMapping.IDENTITY, json(error.formatted("400", "invalidValue")), StringMapping.IDENTITY);

        assertThat(differences).extracting(d -> d.path().toString()).containsExactly("$.status", "$.scimType");
    }

    @Test
    void urnFieldNames_areWrittenInBracketNotation() throws Exception {
        String ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

        List<Difference> differences = SCIM.compare(json("{\"" + ext + "\":{\"department\":\"R&D\"}}"),
                StringMapping.IDENTITY, json("{\"" + ext + "\":{\"department\":\"Sales\"}}"), StringMapping.IDENTITY);

        assertThat(differences).singleElement().satisfies(d -> assertThat(d.path())
                .hasToString("$[\"" + ext + "\"].department"));
    }

    @Test
    void collectingStopsAtTheLimit() throws Exception {
        DocumentComparator capped = new DocumentComparator(new ComparisonRules(List.of(), List.of(), 2));

        assertThat(capped.compare(json("{\"a\":1,\"b\":2,\"c\":3}"), StringMapping.IDENTITY,
                json("{\"a\":0,\"b\":0,\"c\":0}"), StringMapping.IDENTITY)).hasSize(2);
    }

    @Test
    void toString_namesPathAndKindButNeverTheValues() throws Exception {
        Difference d = SCIM.compare(json("{\"userName\":\"alice@example.com\"}"), StringMapping.IDENTITY,
                json("{\"userName\":\"bob@example.com\"}"), StringMapping.IDENTITY).get(0);

        assertThat(d.toString()).isEqualTo("$.userName DIFFERENT_VALUE").doesNotContain("example");
    }
}
