package io.scimrouter.e2e;

/** The three URL forms of the router, as the path prefix a client puts before {@code Users}, {@code Groups}, ... */
enum UrlForm {
    /** {@code /scim/v2/{project}/{env}/...}: forwarded unchanged, no tenant header. */
    LEGACY(null),
    /** {@code /scim/v2/{project}/{env}/v2/...}: the default tenant. */
    DEFAULT_TENANT("default"),
    /** {@code /scim/v2/{project}/{env}/v2/acme/...}: the explicit tenant {@code acme}. */
    TENANT_ACME("acme");

    static final String BASE_PATH = "/scim/v2";

    private final String tenant;

    UrlForm(String tenant) {
        this.tenant = tenant;
    }

    /** The tenant the backend is told about, or null for the legacy form. */
    String tenant() {
        return tenant;
    }

    /** {@code /scim/v2/p/e}, {@code /scim/v2/p/e/v2} or {@code /scim/v2/p/e/v2/acme}. */
    String prefix(String project, String environment) {
        String legacy = BASE_PATH + "/" + project + "/" + environment;
        return switch (this) {
            case LEGACY -> legacy;
            case DEFAULT_TENANT -> legacy + "/v2";
            case TENANT_ACME -> legacy + "/v2/acme";
        };
    }

    /** The prefix of an explicit tenant form for any tenant key. */
    static String tenantPrefix(String project, String environment, String tenant) {
        return BASE_PATH + "/" + project + "/" + environment + "/v2/" + tenant;
    }
}
