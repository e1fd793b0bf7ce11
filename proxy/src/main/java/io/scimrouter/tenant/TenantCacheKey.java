package io.scimrouter.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Cache key: project, environment, tenant and, when the caller's credential is forwarded to the directory, a SHA-256
 * fingerprint of it, so callers with different credentials never share an answer. The credential itself rides
 * along (outside equals/hashCode) only because a background refresh must ask the directory with it again.
 */
final class TenantCacheKey {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final String project;
    private final String environment;
    private final String tenant;
    private final String fingerprint;   // null unless keyed by caller credential
    private final String authorization; // null unless keyed by caller credential; never in toString

    private TenantCacheKey(String project, String environment, String tenant, String fingerprint,
                           String authorization) {
        this.project = Objects.requireNonNull(project, "project");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.fingerprint = fingerprint;
        this.authorization = authorization;
    }

    static TenantCacheKey of(TenantQuery query, boolean keyedByCaller) {
        if (!keyedByCaller) {
            return new TenantCacheKey(query.project(), query.environment(), query.tenant(), null, null);
        }
        String authorization = query.authorization();
        return new TenantCacheKey(query.project(), query.environment(), query.tenant(),
                authorization == null ? null : fingerprint(authorization), authorization);
    }

    static String fingerprint(String credential) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(credential.getBytes(StandardCharsets.UTF_8)));
    }

    TenantQuery toQuery() {
        return new TenantQuery(project, environment, tenant, authorization);
    }

    boolean matches(String project, String environment, String tenant) {
        return this.project.equals(project) && this.environment.equals(environment) && this.tenant.equals(tenant);
    }

    String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantCacheKey key
                && tenant.equals(key.tenant)
                && project.equals(key.project)
                && environment.equals(key.environment)
                && Objects.equals(fingerprint, key.fingerprint);
    }

    @Override
    public int hashCode() {
        int hash = project.hashCode();
        hash = 31 * hash + environment.hashCode();
        hash = 31 * hash + tenant.hashCode();
        return 31 * hash + Objects.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return project + '/' + environment + '/' + tenant + (fingerprint == null ? "" : " (caller-specific)");
    }
}
