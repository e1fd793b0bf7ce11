package io.scimrouter.bench.load;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * IdP-like SCIM traffic. Requests are derived from their sequence number alone, never from earlier answers, so the
 * arrival schedule stays independent of the server (a requirement of open-loop measurement).
 */
public enum Scenario {
    /** GET one user by id. */
    GET_USER("get-user"),
    /** GET Users?filter=userName eq "..." : how an IdP looks a user up before creating it. */
    LIST_FILTER("list-filter"),
    /** POST a new user of about 600 bytes. */
    CREATE_USER("create-user"),
    /** PATCH a group: add one member. */
    PATCH_GROUP_MEMBERS("patch-group-members"),
    /** What an IdP does on assignment: filter lookup, create, group membership patch, and later deactivate. */
    PROVISIONING_MIX("provisioning-mix");

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** In the mix, user k is deactivated four users after it was created. */
    private static final long DEACTIVATION_LAG = 4;

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Scenario fromCliName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown scenario '" + name + "', expected one of " + Arrays.toString(cliNames())));
    }

    public static String[] cliNames() {
        return Arrays.stream(values()).map(Scenario::cliName).toArray(String[]::new);
    }

    /** Whether the scenario addresses users or groups by id, which must exist first on a real service. */
    public boolean needsExistingResources() {
        return this == GET_USER || this == PATCH_GROUP_MEMBERS || this == PROVISIONING_MIX;
    }

    /** Whether the scenario creates users (which a run deletes again afterwards). */
    public boolean createsUsers() {
        return this == CREATE_USER || this == PROVISIONING_MIX;
    }

    /** The request with the given sequence number (0-based), with synthetic ids ({@code u-N}, {@code g-N}). */
    public ScimRequest request(long sequence) {
        return request(sequence, Fixtures.synthetic(), 0);
    }

    /** The request with the given sequence number, addressing the fixtures of tenant {@code tenant} (0-based). */
    public ScimRequest request(long sequence, Fixtures fixtures, int tenant) {
        return switch (this) {
            case GET_USER -> getUser(fixtures.userId(tenant, sequence));
            case LIST_FILTER -> filterLookup(fixtures.userName(sequence));
            case CREATE_USER -> createUser(sequence, fixtures);
            case PATCH_GROUP_MEMBERS -> addGroupMember(fixtures.groupId(tenant, sequence),
                    fixtures.userId(tenant, sequence));
            case PROVISIONING_MIX -> mixStep(sequence, fixtures, tenant);
        };
    }

    private static ScimRequest mixStep(long sequence, Fixtures fixtures, int tenant) {
        long user = sequence / 4;
        return switch ((int) (sequence % 4)) {
            case 0 -> filterLookup(fixtures.userName(user));
            case 1 -> createUser(user, fixtures);
            case 2 -> addGroupMember(fixtures.groupId(tenant, user), fixtures.userId(tenant, user));
            default -> deactivate(fixtures.userId(tenant, Math.max(0, user - DEACTIVATION_LAG)));
        };
    }

    private static ScimRequest getUser(String id) {
        return new ScimRequest(HttpMethod.GET, "/Users/" + id, null);
    }

    private static ScimRequest filterLookup(String userName) {
        // userName eq "loaduser-N@example.com", percent-encoded the way IdPs send it
        String query = "filter=userName%20eq%20%22" + userName.replace("@", "%40") + "%22";
        return new ScimRequest(HttpMethod.GET, "/Users?" + query, null);
    }

    private static ScimRequest createUser(long user, Fixtures fixtures) {
        String userName = fixtures.userName(user);
        String json = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],"
                + "\"externalId\":\"idp-" + user + "\",\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Load\",\"familyName\":\"User " + user + "\"},"
                + "\"displayName\":\"Load User " + user + "\",\"active\":true,"
                + "\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                + "{\"employeeNumber\":\"" + user + "\",\"department\":\"Platform\"}}";
        return new ScimRequest(HttpMethod.POST, "/Users", bytes(json));
    }

    private static ScimRequest addGroupMember(String groupId, String userId) {
        String json = "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"" + userId + "\"}]}]}";
        return new ScimRequest(HttpMethod.PATCH, "/Groups/" + groupId, bytes(json));
    }

    private static ScimRequest deactivate(String userId) {
        String json = "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
                + "\"value\":{\"active\":false}}]}";
        return new ScimRequest(HttpMethod.PATCH, "/Users/" + userId, bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
