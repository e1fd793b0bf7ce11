package io.scimrouter.bench.verify;

import io.scimrouter.compare.JsonValue;

/** What the service announces in its ServiceProviderConfig (read through the legacy form). */
record Features(boolean etag, boolean bulk, boolean sort) {
    static Features of(JsonValue serviceProviderConfig) {
        return new Features(supported(serviceProviderConfig, "etag"), supported(serviceProviderConfig, "bulk"),
                supported(serviceProviderConfig, "sort"));
    }

    private static boolean supported(JsonValue config, String feature) {
        return config != null && config.field(feature)
                .flatMap(f -> f.field("supported"))
                .map(v -> v instanceof JsonValue.BooleanValue b && b.value())
                .orElse(false);
    }
}
