package io.scimrouter.tenant;

/**
 * One question to the tenant directory: does {@code tenant} exist in this project and environment?
 *
 * @param authorization the caller's Authorization header, or null; only used by sources that forward it
 */
public record TenantQuery(String project, String environment, String tenant, String authorization) {
}
