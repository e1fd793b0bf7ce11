package io.scimrouter.server;

import io.scimrouter.route.Route;

/**
 * The route of an exchange as metrics and the access log name it: the URL form, or {@code rejected} when the router
 * answered by itself without asking the backend (admission, unknown tenant, directory refusal or outage).
 */
public enum RouteLabel {
    LEGACY("legacy"),
    V2("v2"),
    V2_TENANT("v2_tenant"),
    REJECTED("rejected");

    private final String label;

    RouteLabel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static RouteLabel of(ExchangeOutcome outcome) {
        Route route = outcome.route();
        if (route == null || ResponseFlag.refused(outcome.flags())) {
            return REJECTED;
        }
        if (!route.tenantAware()) {
            return LEGACY;
        }
        return route.explicitTenant() ? V2_TENANT : V2;
    }
}
