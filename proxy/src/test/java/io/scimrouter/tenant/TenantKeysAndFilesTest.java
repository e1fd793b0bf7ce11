package io.scimrouter.tenant;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cache keys (which callers share an answer) and tenants files at their edges. */
class TenantKeysAndFilesTest {
    private static final TenantQuery QUERY = new TenantQuery("p1", "e1", "acme", "Bearer a");

    @Test
    void keysDifferInEachCoordinate_andByCallerOnlyWhenKeyedByCaller() {
        TenantCacheKey key = TenantCacheKey.of(QUERY, false);
        assertThat(key).isEqualTo(TenantCacheKey.of(new TenantQuery("p1", "e1", "acme", "Bearer other"), false))
                .hasSameHashCodeAs(TenantCacheKey.of(QUERY, false));
        assertThat(key).isNotEqualTo(TenantCacheKey.of(new TenantQuery("p2", "e1", "acme", null), false))
                .isNotEqualTo(TenantCacheKey.of(new TenantQuery("p1", "e2", "acme", null), false))
                .isNotEqualTo(TenantCacheKey.of(new TenantQuery("p1", "e1", "globex", null), false))
                .isNotEqualTo("p1/e1/acme");
        TenantCacheKey byCaller = TenantCacheKey.of(QUERY, true);
        assertThat(byCaller).isNotEqualTo(key)
                .isNotEqualTo(TenantCacheKey.of(new TenantQuery("p1", "e1", "acme", "Bearer b"), true))
                .isEqualTo(TenantCacheKey.of(QUERY, true));
        assertThat(TenantCacheKey.of(new TenantQuery("p1", "e1", "acme", null), true)).isEqualTo(key);
    }

    @Test
    void aKeyWhoseHashIsZeroAtEveryStep_stillHashes_andIsFound() {
        String zeroHash = "f5a5a608";
        assertThat(zeroHash.hashCode()).as("the edge this test is about").isZero();
        TenantQuery query = new TenantQuery(zeroHash, zeroHash, zeroHash, "Bearer a");

        for (boolean keyedByCaller : new boolean[] {false, true}) {
            Map<TenantCacheKey, String> map = new HashMap<>();
            map.put(TenantCacheKey.of(query, keyedByCaller), "cached");
            assertThat(map.get(TenantCacheKey.of(query, keyedByCaller))).isEqualTo("cached");
        }
    }

    @Test
    void theFingerprintIsTheSha256OfTheCredential_andTheCredentialIsNeverShown() throws Exception {
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("Bearer a".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        TenantCacheKey byCaller = TenantCacheKey.of(QUERY, true);
        // the same on every call: the digest is reused per thread
        assertThat(byCaller.fingerprint()).isEqualTo(expected).isEqualTo(TenantCacheKey.fingerprint("Bearer a"))
                .isNotEqualTo(TenantCacheKey.fingerprint("Bearer b"));
        assertThat(TenantCacheKey.of(QUERY, false).fingerprint()).isNull();
        assertThat(byCaller.toString()).isEqualTo("p1/e1/acme (caller-specific)").doesNotContain("Bearer");
        assertThat(TenantCacheKey.of(QUERY, false).toString()).isEqualTo("p1/e1/acme");
        assertThat(byCaller.toQuery()).isEqualTo(QUERY);
        assertThat(byCaller.matches("p1", "e1", "acme")).isTrue();
        assertThat(byCaller.matches("p1", "e1", "globex")).isFalse();
        assertThat(byCaller.matches("p1", "e2", "acme")).isFalse();
        assertThat(byCaller.matches("p2", "e1", "acme")).isFalse();
    }

    @Test
    void anEmptyTenantsFile_isAnEmptyTable() {
        assertThat(TenantsFileParser.parse("").size()).isZero();
        assertThat(TenantsFileParser.parse("# only a comment\n").size()).isZero();
    }

    @Test
    void aTenantsFileWithTwoEntriesAndUpstreams_isReadWhole() {
        TenantTable table = TenantsFileParser.parse("""
                - {project: p1, environment: e1, tenants: [acme, {key: big, upstream: "http://10.0.0.7:8080"}]}
                - {project: p2, environment: e1, tenants: [{key: solo}]}
                """);
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.find("p1", "e1", "big").upstream()).isEqualTo(URI.create("http://10.0.0.7:8080"));
        assertThat(table.find("p1", "e1", "acme").upstream()).isNull();
        assertThat(table.find("p2", "e1", "solo")).isNotNull();
        assertThat(table.find("p2", "e1", "acme")).isNull();
    }

    @Test
    void duplicateKeysInATenantsFile_areRefused() {
        assertThatThrownBy(() -> TenantsFileParser.parse("- {project: p1, project: p2, environment: e1, tenants: [a]}"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid YAML: line 1, column ")
                .hasMessageContaining("duplicate key project");
    }

    @Test
    void aTenantsFileLargerThanYamlsDefaultLimit_isRead() {
        // SnakeYAML refuses more than 3 MB by default; a file of many thousand tenants may be larger
        StringBuilder yaml = new StringBuilder("- project: p1\n  environment: e1\n  tenants:\n");
        int count = 0;
        while (yaml.length() < 3_300_000) {
            yaml.append("  - tenant-with-a-long-key-").append(count++).append('\n');
        }
        assertThat(TenantsFileParser.parse(yaml.toString()).size()).isEqualTo(count);
    }
}
