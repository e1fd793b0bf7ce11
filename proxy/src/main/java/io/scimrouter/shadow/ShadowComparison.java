package io.scimrouter.shadow;

import io.scimrouter.compare.ComparisonRules;
import io.scimrouter.compare.Difference;
import io.scimrouter.compare.DocumentComparator;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonValue;
import io.scimrouter.compare.StringMapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares the legacy upstream's answer to a read with the tenant-aware upstream's answer for the default tenant:
 * the status, then the bodies as JSON with {@link ComparisonRules#scim()} (timestamps and versions may differ) after
 * mapping every base URL of the project/environment, legacy or {@code /v2} form, on any of the known origins, to one
 * placeholder. The result names what differs (status codes, JSON paths and kinds), never a value. Pure and
 * thread-safe.
 */
final class ShadowComparison {
    private static final String PLACEHOLDER = "{base}";

    /** One upstream's answer. */
    record Answer(int status, byte[] body) {
    }

    private final DocumentComparator comparator = new DocumentComparator(ComparisonRules.scim());
    private final JsonDocuments documents;
    private final List<String> origins;

    /**
     * @param origins      every origin ({@code scheme://host[:port]}, no path) the upstreams may write into URLs
     * @param maxBodyBytes the largest body parsed
     */
    ShadowComparison(List<String> origins, int maxBodyBytes) {
        this.origins = List.copyOf(origins);
        this.documents = new JsonDocuments(new JsonDocuments.Limits(maxBodyBytes, 64, maxBodyBytes));
    }

    /** What differs, each entry a status pair or a JSON path with its kind; empty when the answers agree. */
    List<String> differences(ShadowRead read, Answer legacy, Answer tenantAware) {
        List<String> out = new ArrayList<>();
        if (legacy.status() != tenantAware.status()) {
            out.add("status " + legacy.status() + " != " + tenantAware.status());
        }
        boolean legacyEmpty = legacy.body().length == 0;
        boolean tenantAwareEmpty = tenantAware.body().length == 0;
        if (legacyEmpty && tenantAwareEmpty) {
            return out;
        }
        JsonValue left = parse(legacy.body());
        JsonValue right = parse(tenantAware.body());
        if (left == null || right == null) {
            if (!Arrays.equals(legacy.body(), tenantAware.body())) {
                out.add("body: " + (left == null ? "legacy" : "tenant-aware") + " answer is not JSON and differs");
            }
            return out;
        }
        StringMapping mapping = mapping(read);
        for (Difference d : comparator.compare(left, mapping, right, mapping)) {
            out.add(d.toString()); // path and kind only
        }
        return out;
    }

    private JsonValue parse(byte[] body) {
        try {
            return body.length == 0 ? null : documents.parse(body);
        } catch (JsonDocuments.MalformedJsonException e) {
            return null;
        }
    }

    /**
     * Both URL forms of this project/environment, on every origin (the configured ones and the one the client
     * used, from {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}), to one placeholder: they must differ.
     */
    StringMapping mapping(ShadowRead read) {
        List<String> all = new ArrayList<>(origins);
        String proto = read.header("X-Forwarded-Proto");
        String host = read.header("X-Forwarded-Host");
        if (proto != null && host != null) {
            all.add(proto + "://" + host);
        }
        StringMapping.Builder b = StringMapping.builder();
        for (String origin : all) {
            try {
                b.baseUrl(origin + read.legacyBase() + "/v2", PLACEHOLDER)
                        .baseUrl(origin + read.legacyBase(), PLACEHOLDER);
            } catch (IllegalArgumentException e) {
                // not a usable base URL (an odd Host): its URLs stay as they are, and differ if they differ
            }
        }
        return b.build();
    }
}
