package io.scimrouter.bench.verify;

import java.net.URI;

/**
 * One of the router's URL forms for the project and environment under test.
 *
 * @param label     how tables and reports name it: {@code legacy}, {@code v2}, {@code v2/acme}
 * @param baseUrl   absolute, without trailing slash
 * @param partition which data the backend should show through it: {@code (default)} for legacy and {@code /v2}, else
 *                  the tenant key
 * @param tag       unique per run and form, put into every name this form creates
 */
public record UrlForm(String label, String baseUrl, String partition, String tag) {
    public static final String DEFAULT_PARTITION = "(default)";

    static UrlForm legacy(String legacyBase, String runId) {
        return new UrlForm("legacy", legacyBase, DEFAULT_PARTITION, runId + "-legacy");
    }

    static UrlForm defaultTenant(String legacyBase, String runId) {
        return new UrlForm("v2", legacyBase + "/v2", DEFAULT_PARTITION, runId + "-v2");
    }

    static UrlForm tenant(String legacyBase, String tenant, String runId) {
        return new UrlForm("v2/" + tenant, legacyBase + "/v2/" + tenant, tenant, runId + "-" + tenant);
    }

    /** {@code path} starts with '/' and may carry a query already percent-encoded. */
    public URI url(String path) {
        return URI.create(baseUrl + path);
    }

    public boolean isLegacy() {
        return label.equals("legacy");
    }
}
