package io.scimrouter.bench.load;

import io.scimrouter.bench.cli.TargetUnreachableException;
import io.scimrouter.bench.cli.UsageException;
import io.scimrouter.bench.http.ScimHttpClient;
import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonValue;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before a run: creates the users and groups a scenario addresses by id, in every tenant, so that a real SCIM
 * service answers 2xx instead of 404. After it: deletes them, and every user the run itself created (found by the
 * run's tag in their userName), so a load test leaves the service as it found it. Not measured.
 */
public final class FixtureSetup {
    static final int USERS_PER_TENANT = 20;
    static final int GROUPS_PER_TENANT = 5;
    /** A sweep deletes at most this many pages: bounded even against a service that ignores filters. */
    private static final int MAX_SWEEP_PAGES = 10_000;

    private final LoadOptions options;
    private final ScimHttpClient client;
    private final String runTag;

    public FixtureSetup(LoadOptions options, ScimHttpClient client) {
        this.options = options;
        this.client = client;
        this.runTag = newTag();
    }

    private static String newTag() {
        SecureRandom random = new SecureRandom();
        return "r" + Long.toString(Math.abs(random.nextLong() % 2_176_782_336L), 36);
    }

    /** Creates what the scenario needs (nothing for scenarios that address no ids). */
    public Fixtures create() {
        if (!options.scenario().needsExistingResources()) {
            return new Fixtures(runTag, List.of(), List.of());
        }
        List<List<String>> users = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (String base : options.basePaths()) {
            List<String> userIds = new ArrayList<>();
            for (int i = 0; i < USERS_PER_TENANT; i++) {
                userIds.add(post(base, "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"loadfixture-" + runTag + "-" + i + "@example.com\",\"active\":true}"));
            }
            users.add(userIds);
            List<String> groupIds = new ArrayList<>();
            for (int i = 0; i < GROUPS_PER_TENANT; i++) {
                groupIds.add(post(base, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                        + "\"displayName\":\"loadfixture-" + runTag + "-" + i + "\"}"));
            }
            groups.add(groupIds);
        }
        return new Fixtures(runTag, users, groups);
    }

    /** The run's tag alone, when no fixtures are made ({@code --setup none}). */
    public Fixtures none() {
        return new Fixtures(runTag, List.of(), List.of());
    }

    private String post(String basePath, String endpoint, String json) {
        URI url = url(basePath + endpoint);
        Answer a;
        try {
            a = client.send("POST", url, json, "application/scim+json");
        } catch (TargetUnreachableException e) {
            throw new TargetUnreachableException("setup: " + e.getMessage());
        }
        if (a.status() != 201 && a.status() != 200) {
            throw new UsageException("setup: POST " + url + " answered " + a.status() + hint(a.status())
                    + " (--setup none skips creating users and groups)");
        }
        try {
            return JsonDocuments.withDefaultLimits().parse(a.body()).text("id")
                    .orElseThrow(() -> new UsageException("setup: POST " + url + " answered without an id"));
        } catch (JsonDocuments.MalformedJsonException e) {
            throw new UsageException("setup: POST " + url + " answered no JSON: " + e.getMessage());
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> ": check the token (--token-env, --token-file)";
            case 404 -> ": check --base-url and the tenants";
            default -> "";
        };
    }

    /**
     * Deletes the fixtures and the users the run created; returns how many it removed. Problems are returned as
     * text, never thrown: the run's figures stand either way.
     */
    public Cleanup cleanUp(Fixtures fixtures) {
        int removed = 0;
        List<String> problems = new ArrayList<>();
        List<String> bases = options.basePaths();
        for (int t = 0; t < fixtures.groupsByTenant().size(); t++) {
            for (String id : fixtures.groupsByTenant().get(t)) {
                removed += delete(bases.get(t) + "/Groups/" + id, problems);
            }
        }
        for (int t = 0; t < fixtures.usersByTenant().size(); t++) {
            for (String id : fixtures.usersByTenant().get(t)) {
                removed += delete(bases.get(t) + "/Users/" + id, problems);
            }
        }
        if (options.scenario().createsUsers()) {
            for (String base : bases) {
                removed += sweep(base, fixtures.runTag(), problems);
            }
        }
        return new Cleanup(removed, problems);
    }

    /** What cleaning up did. */
    public record Cleanup(int removed, List<String> problems) {
    }

    private int sweep(String base, String tag, List<String> problems) {
        int removed = 0;
        String filter = "/Users?count=100&filter=userName%20sw%20%22loaduser-" + tag + "-%22";
        for (int page = 0; page < MAX_SWEEP_PAGES; page++) {
            List<String> ids = new ArrayList<>();
            try {
                Answer a = client.send("GET", url(base + filter), null, null);
                if (a.status() != 200) {
                    problems.add("GET " + base + "/Users?filter=... answered " + a.status());
                    return removed;
                }
                JsonValue list = JsonDocuments.withDefaultLimits().parse(a.body());
                if (list.field("Resources").orElse(null) instanceof JsonValue.ArrayValue resources) {
                    for (JsonValue user : resources.elements()) {
                        // only what this run created, whatever the service made of the filter
                        boolean ours = user.text("userName").map(n -> n.toLowerCase(Locale.ROOT)
                                .startsWith("loaduser-" + tag + "-")).orElse(false);
                        user.text("id").filter(id -> ours).ifPresent(ids::add);
                    }
                }
            } catch (TargetUnreachableException | JsonDocuments.MalformedJsonException e) {
                problems.add(e.getMessage());
                return removed;
            }
            if (ids.isEmpty()) {
                return removed;
            }
            int before = removed;
            for (String id : ids) {
                removed += delete(base + "/Users/" + id, problems);
            }
            if (removed == before) {
                return removed; // nothing could be deleted: asking again would get the same page
            }
        }
        return removed;
    }

    private int delete(String path, List<String> problems) {
        try {
            Answer a = client.send("DELETE", url(path), null, null);
            if (a.status() >= 200 && a.status() < 300) {
                return 1;
            }
            if (a.status() != 404) {
                problems.add("DELETE " + path + " answered " + a.status());
            }
        } catch (TargetUnreachableException e) {
            problems.add(e.getMessage());
        }
        return 0;
    }

    private URI url(String path) {
        URI base = options.baseUrl();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }
}
