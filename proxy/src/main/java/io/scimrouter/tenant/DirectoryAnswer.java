package io.scimrouter.tenant;

import java.net.URI;

/** What a {@link TenantDirectory} said about one tenant. A directory that could not answer fails its future instead. */
public sealed interface DirectoryAnswer {

    /**
     * The tenant exists.
     *
     * @param canonicalKey the key the backend knows the tenant by (sent in the tenant header)
     * @param upstream     dedicated upstream for this tenant, or null for the configured backend
     */
    record Found(String canonicalKey, URI upstream) implements DirectoryAnswer {
    }

    /** The directory knows this project and environment but not the tenant. */
    record NotFound() implements DirectoryAnswer {
    }

    /** The directory refused the caller's own credentials (only with forwardCallerAuthorization). */
    record Rejected(int status) implements DirectoryAnswer {
        public Rejected {
            if (status != 401 && status != 403) {
                throw new IllegalArgumentException("Rejected status must be 401 or 403, was " + status);
            }
        }
    }
}
