package io.scimrouter.bench.load;

import java.util.List;

/**
 * The users and groups scenarios refer to, per tenant, and the run's tag that makes created names unique. Created
 * before the run ({@link FixtureSetup}) so that a GET or PATCH by id meets a resource that exists; or synthetic
 * ({@code u-1}, {@code g-1}) for the stub backend, which serves any id.
 *
 * @param runTag         put into every name the run creates; empty for none
 * @param usersByTenant  user ids, one list per tenant (one list without tenants), none empty
 * @param groupsByTenant group ids likewise
 */
public record Fixtures(String runTag, List<List<String>> usersByTenant, List<List<String>> groupsByTenant) {
    /** How many synthetic users and groups requests cycle over; as the scenarios always did. */
    static final int SYNTHETIC_GROUPS = 50;

    public Fixtures {
        usersByTenant = usersByTenant.stream().map(List::copyOf).toList();
        groupsByTenant = groupsByTenant.stream().map(List::copyOf).toList();
    }

    /** No setup: ids {@code u-N} and {@code g-N} as the stub backend serves them, no run tag. */
    public static Fixtures synthetic() {
        return new Fixtures("", List.of(), List.of());
    }

    boolean isSynthetic() {
        return usersByTenant.isEmpty();
    }

    String userId(int tenant, long user) {
        if (isSynthetic()) {
            return "u-" + (user + 1);
        }
        List<String> ids = usersByTenant.get(tenant % usersByTenant.size());
        return ids.get((int) (user % ids.size()));
    }

    String groupId(int tenant, long user) {
        if (isSynthetic() || groupsByTenant.isEmpty()) {
            return "g-" + (user % SYNTHETIC_GROUPS + 1);
        }
        List<String> ids = groupsByTenant.get(tenant % groupsByTenant.size());
        return ids.get((int) (user % ids.size()));
    }

    /** {@code loaduser-<tag>-N} with a tag, {@code loaduser-N} without. */
    String userName(long user) {
        return "loaduser-" + (runTag.isEmpty() ? "" : runTag + "-") + user + "@example.com";
    }
}
