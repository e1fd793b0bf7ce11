package io.scimrouter.rewrite;

import io.scimrouter.rewrite.RewriteHarness.ChunkKind;
import io.scimrouter.rewrite.RewriteHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real-shaped SCIM bodies: each resource under {@code rewrite/} has a {@code .expected.json} beside it, written by
 * hand from the same template; large bodies are generated here with their expectation.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RewriterKind.class)
class JsonUrlRewriterSamplesTest {
    @Parameter
    RewriterKind rewriter;

    private static final String LEGACY = "http://10.0.0.5:8080/scim/v2/p1/e1";
    private static final String TENANT = "https://public.example.com/scim/v2/p1/e1/v2/acme";
    private static final UrlMapping REQUEST_MAPPING = UrlMapping.of(List.of(TENANT), LEGACY);

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "entra-user, response, 3",
        "okta-user, response, 2",
        "service-provider-config, response, 1",
        "schemas, response, 2",
        "bulk-request, request, 3",
        "bulk-response, response, 4",
    })
    void sample_isRewrittenExactlyAsExpected_howeverItIsCut(String name, String direction, int urls)
            throws IOException {
        byte[] input = resource(name + ".json");
        byte[] expected = resource(name + ".expected.json");
        UrlMapping mapping = direction.equals("request") ? REQUEST_MAPPING : RewriteHarness.MAPPING;
        for (int size : new int[] {1, 3, 100, 8192}) {
            for (ChunkKind kind : ChunkKind.values()) {
                if (size == 1 && kind != ChunkKind.WRAPPED_ARRAY) {
                    continue; // a byte at a time only in untracked buffers, to keep PARANOID leak tracking quick
                }
                Result result = RewriteHarness.rewrite(rewriter, input, RewriteHarness.evenCuts(input.length, size),
                        kind, mapping, RewriteLimits.DEFAULT);
                assertThat(result.malformed()).isFalse();
                assertThat(result.rewrittenCount()).as("%s in pieces of %d", name, size).isEqualTo(urls);
                assertThat(new String(result.output(), StandardCharsets.UTF_8)).as("%s in pieces of %d", name, size)
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(result.output()).isEqualTo(expected);
            }
        }
    }

    @Test
    void groupWithThousandMembers_everyRefRewritten() {
        StringBuilder input = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"id\":\"g1\",\"displayName\":\"Everyone\",\"members\":[");
        StringBuilder expected = new StringBuilder(input);
        for (int i = 0; i < 1000; i++) {
            String separator = i == 0 ? "" : ",\n  ";
            String member = "{\"value\":\"" + i + "\",\"display\":\"User " + i + "\",\"type\":\"User\",\"$ref\":\"";
            input.append(separator).append(member).append(LEGACY).append("/Users/").append(i).append("\"}");
            expected.append(separator).append(member).append(TENANT).append("/Users/").append(i).append("\"}");
        }
        String meta = "],\"meta\":{\"resourceType\":\"Group\",\"location\":\"";
        input.append(meta).append(LEGACY).append("/Groups/g1\"}}");
        expected.append(meta).append(TENANT).append("/Groups/g1\"}}");
        assertRewrittenInRandomPieces(input.toString(), expected.toString(), 1001, 7);
    }

    @Test
    void listResponseOfTenThousandResources_everyUrlRewritten() {
        StringBuilder input = new StringBuilder(6_000_000);
        StringBuilder expected = new StringBuilder(6_000_000);
        String head = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":10000,"
                + "\"itemsPerPage\":10000,\"startIndex\":1,\"Resources\":[";
        input.append(head);
        expected.append(head);
        for (int i = 0; i < 10_000; i++) {
            String id = "2819c223-7f76-453a-919d-" + String.format("%012d", i);
            String user = (i == 0 ? "" : ",")
                    + "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\""
                    + id + "\",\"userName\":\"user" + i + "@example.com\",\"name\":{\"formatted\":\"Ms. B\\u00e4rbel "
                    + i + "\"},\"active\":" + (i % 2 == 0) + ",\"score\":" + i + ".10,"
                    + "\"emails\":[{\"value\":\"user" + i + "@example.com\",\"primary\":true}],"
                    + "\"groups\":[{\"value\":\"g"
                    + (i % 7) + "\",\"$ref\":\"%s/Groups/g" + (i % 7) + "\"}],\"meta\":{\"resourceType\":\"User\","
                    + "\"version\":\"W\\/\\\"" + i + "\\\"\",\"location\":\"%s/Users/" + id + "\"}}";
            input.append(user.formatted(LEGACY, LEGACY));
            expected.append(user.formatted(TENANT, TENANT));
        }
        input.append("]}");
        expected.append("]}");
        assertRewrittenInRandomPieces(input.toString(), expected.toString(), 20_000, 8);
    }

    private void assertRewrittenInRandomPieces(String input, String expected, int urls, long seed) {
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        for (int[] sizes : new int[][] {{8192}, {100, 8192, 65536}}) {
            Result result = RewriteHarness.rewrite(rewriter, in, RewriteHarness.randomCuts(in.length, random, sizes),
                    ChunkKind.values()[random.nextInt(ChunkKind.values().length)]);
            assertThat(result.rewrittenCount()).isEqualTo(urls);
            assertThat(result.malformed()).isFalse();
            assertThat(result.output()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JsonUrlRewriterSamplesTest.class.getResourceAsStream("/rewrite/" + name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
