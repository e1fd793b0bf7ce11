package io.scimrouter.bench.verify;

import io.scimrouter.compare.JsonValue;
import java.util.Optional;

/**
 * The requests Microsoft Entra ID and Okta send when they provision, as they send them (Entra's capitalised ops
 * and {@code "False"}, Okta's PUT replace and pathless PATCH), plus ETag, Bulk, error and delete steps. Every
 * name carries the form's per-run tag, so forms that share a partition (legacy and /v2) never collide and a
 * second run never meets the first one's leftovers.
 */
final class IdpSequences {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** One id no service has, the same through every form so that error details compare equal. */
    static final String UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead";

    private final Verifier v;
    private final Features features;

    IdpSequences(Verifier verifier, Features features) {
        this.v = verifier;
        this.features = features;
    }

    static String aliceName(FormSession s) {
        return "alice." + s.form.tag() + "@contoso.example";
    }

    static String aliceExternalId(FormSession s) {
        return s.form.tag() + "-alice";
    }

    private static String bobName(FormSession s) {
        return "bob." + s.form.tag() + "@okta.example";
    }

    /** A filter value as IdPs send it: {@code "..."} percent-encoded, spaces as %20. */
    static String quoted(String value) {
        return "%22" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "%22";
    }

    void entra(FormSession s) {
        String tag = s.form.tag();
        // Entra writes spaces as '+' in its filters
        v.play("entra.lookup-userName", s, Request.get("/Users?filter=userName+eq+" + quoted(aliceName(s))));
        v.play("entra.lookup-externalId", s, Request.get("/Users?filter=externalId+eq+"
                + quoted(aliceExternalId(s))));
        Played created = v.play("entra.create-user", s, Request.post("/Users", """
                {"schemas":["%s","%s"],"externalId":"%s","userName":"%s","active":true,"displayName":"Alice Wong",
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "name":{"formatted":"Alice Wong","familyName":"Wong","givenName":"Alice"},
                 "%s":{"department":"R&D","costCenter":"4711"}}
                """.formatted(USER, ENTERPRISE, aliceExternalId(s), aliceName(s), aliceName(s), ENTERPRISE)));
        Optional<String> user = v.created(s, created, "entra.user", "/Users");
        if (user.isEmpty()) {
            skipAll(s, "entra.create-user", "entra.get-user", "entra.patch-replace", "entra.patch-add-no-path",
                    "entra.patch-remove", "entra.create-group", "entra.group-add-member", "entra.get-group",
                    "entra.group-remove-member", "entra.deactivate", "entra.get-deactivated");
            return;
        }
        String path = "/Users/" + user.get();
        v.play("entra.get-user", s, Request.get(path));
        v.play("entra.patch-replace", s, Request.patch(path, """
                [{"op":"Replace","path":"displayName","value":"Alice W."},
                 {"op":"Replace","path":"name.givenName","value":"Ally"}]"""));
        v.play("entra.patch-add-no-path", s, Request.patch(path, """
                [{"op":"Add","value":{"title":"Engineer","nickName":"Al"}}]"""));
        v.play("entra.patch-remove", s, Request.patch(path, """
                [{"op":"Remove","path":"nickName"}]"""));
        Played group = v.play("entra.create-group", s, Request.post("/Groups", """
                {"schemas":["%s"],"displayName":"Engineers %s","externalId":"%s-engineers"}
                """.formatted(GROUP, tag, tag)));
        Optional<String> groupId = v.created(s, group, "entra.group", "/Groups");
        if (groupId.isPresent()) {
            String groupPath = "/Groups/" + groupId.get();
            // the member's $ref in the client's own form: the router must turn it into the legacy form and back
            v.play("entra.group-add-member", s, Request.patch(groupPath, """
                    [{"op":"Add","path":"members","value":[{"value":"%s","$ref":"%s/Users/%s"}]}]"""
                    .formatted(user.get(), s.form.baseUrl(), user.get())));
            v.play("entra.get-group", s, Request.get(groupPath));
            v.play("entra.group-remove-member", s, Request.patch(groupPath, """
                    [{"op":"Remove","path":"members[value eq \\"%s\\"]"}]""".formatted(user.get())));
        } else {
            skipAll(s, "entra.create-group", "entra.group-add-member", "entra.get-group",
                    "entra.group-remove-member");
        }
        v.play("entra.deactivate", s, Request.patch(path, """
                [{"op":"Replace","path":"active","value":"False"}]"""));
        v.play("entra.get-deactivated", s, Request.get(path));
    }

    void okta(FormSession s) {
        String tag = s.form.tag();
        v.play("okta.lookup", s, Request.get("/Users?filter=userName%20eq%20" + quoted(bobName(s))
                + "&startIndex=1&count=100"));
        String body = oktaUser(bobName(s), "Bob Baker", tag);
        Played created = v.play("okta.create-user", s, Request.post("/Users", body).asPlainJson());
        Optional<String> user = v.created(s, created, "okta.user", "/Users");
        v.play("errors.conflict-create", s, Request.post("/Users", body).asPlainJson());
        if (user.isEmpty()) {
            skipAll(s, "okta.create-user", "okta.get-user", "okta.replace-user", "okta.create-group",
                    "okta.group-patch-members", "okta.deactivate");
            return;
        }
        String path = "/Users/" + user.get();
        v.play("okta.get-user", s, Request.get(path));
        v.play("okta.replace-user", s, Request.put(path, oktaUser(bobName(s), "Robert Baker", tag)));
        Played group = v.play("okta.create-group", s, Request.post("/Groups", """
                {"schemas":["%s"],"displayName":"Okta %s","members":[{"value":"%s","display":"Robert Baker"}]}
                """.formatted(GROUP, tag, user.get())).asPlainJson());
        Optional<String> groupId = v.created(s, group, "okta.group", "/Groups");
        if (groupId.isPresent()) {
            v.play("okta.group-patch-members", s, Request.patch("/Groups/" + groupId.get(), """
                    [{"op":"remove","path":"members[value eq \\"%s\\"]"},
                     {"op":"add","path":"members","value":[{"value":"%s","display":"Robert Baker"}]}]"""
                    .formatted(user.get(), user.get())));
        } else {
            skipAll(s, "okta.create-group", "okta.group-patch-members");
        }
        v.play("okta.deactivate", s, Request.patch(path, """
                [{"op":"replace","value":{"active":false}}]"""));
        String ours = "/Users?filter=userName%20co%20" + quoted(tag);
        if (features.sort()) {
            v.play("okta.list-page-1", s, Request.get(ours + "&sortBy=userName&startIndex=1&count=1"));
            v.play("okta.list-page-2", s, Request.get(ours + "&sortBy=userName&startIndex=2&count=1"));
        } else {
            v.play("okta.list-page-1", s, Request.get(ours + "&startIndex=1&count=100"));
        }
        v.play("okta.search", s, Request.post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName eq \\"%s\\"","startIndex":1,"count":10}""".formatted(bobName(s))));
        // taking Alice's userName: a conflict on replace
        s.id("entra.user").ifPresent(alice -> v.play("errors.conflict-replace", s,
                Request.put(path, oktaUser(aliceName(s), "Robert Baker", tag))));
    }

    private static String oktaUser(String userName, String displayName, String tag) {
        return """
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"Bob","familyName":"Baker"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"%s",
                 "locale":"en-US","externalId":"00u%s","groups":[],"active":true}
                """.formatted(USER, userName, userName, displayName, tag);
    }

    void etag(FormSession s) {
        Optional<String> user = s.id("entra.user");
        if (user.isEmpty()) {
            skipAll(s, "entra.create-user", "etag.get-user", "etag.if-match-stale", "etag.if-match-current");
            return;
        }
        String path = "/Users/" + user.get();
        Played got = v.play("etag.get-user", s, Request.get(path));
        Optional<String> etag = got.answer().header("ETag");
        // a 412's detail may quote the current version, which differs per form like any version
        etag.ifPresent(value -> s.remember("etag.user", value));
        v.play("etag.if-match-stale", s, Request.patch(path, """
                [{"op":"replace","path":"title","value":"Stale"}]""").withHeader("If-Match", "W/\"stale\""));
        if (etag.isEmpty()) {
            skipAll(s, "etag.get-user (no ETag header)", "etag.if-match-current");
            return;
        }
        v.play("etag.if-match-current", s, Request.patch(path, """
                [{"op":"replace","path":"title","value":"Lead"}]""").withHeader("If-Match", etag.get()));
    }

    void bulk(FormSession s) {
        String tag = s.form.tag();
        Played bulk = v.play("bulk.create-user-and-group", s, Request.post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                 {"method":"POST","path":"/Users","bulkId":"carol","data":
                  {"schemas":["%s"],"userName":"carol.%s@contoso.example","displayName":"Carol"}},
                 {"method":"POST","path":"/Groups","bulkId":"team","data":
                  {"schemas":["%s"],"displayName":"Bulk %s","members":[{"type":"User","value":"bulkId:carol"}]}}]}
                """.formatted(USER, tag, GROUP, tag)));
        Optional<String> group = Optional.empty();
        if (bulk.json() != null && bulk.json().field("Operations").orElse(null) instanceof JsonValue.ArrayValue ops) {
            for (JsonValue op : ops.elements()) {
                Optional<String> id = op.text("id").or(() -> op.text("location")
                        .map(l -> l.substring(l.lastIndexOf('/') + 1)));
                Optional<String> bulkId = op.text("bulkId");
                if (id.isPresent() && bulkId.isPresent()) {
                    boolean isUser = bulkId.get().equals("carol");
                    s.remember(isUser ? "bulk.user" : "bulk.group", id.get());
                    v.register(s, (isUser ? "/Users/" : "/Groups/") + id.get());
                    if (!isUser) {
                        group = id;
                    }
                }
            }
        }
        if (group.isPresent()) {
            v.play("bulk.get-group", s, Request.get("/Groups/" + group.get()));
        } else {
            skipAll(s, "bulk.create-user-and-group", "bulk.get-group");
        }
    }

    void errors(FormSession s) {
        v.play("errors.get-unknown-user", s, Request.get("/Users/" + UNKNOWN_ID));
        v.play("errors.patch-unknown-user", s, Request.patch("/Users/" + UNKNOWN_ID, """
                [{"op":"replace","path":"displayName","value":"Nobody"}]"""));
        v.play("errors.delete-unknown-group", s, Request.delete("/Groups/" + UNKNOWN_ID));
        v.play("errors.bad-filter", s, Request.get("/Users?filter=userName%20eqq%20%22x%22"));
    }

    void deletes(FormSession s) {
        Optional<String> group = s.id("entra.group");
        if (group.isPresent()) {
            v.play("delete.group", s, Request.delete("/Groups/" + group.get()));
        }
        Optional<String> user = s.id("entra.user");
        if (user.isPresent()) {
            v.play("delete.user", s, Request.delete("/Users/" + user.get()));
            v.play("delete.get-deleted-user", s, Request.get("/Users/" + user.get()));
        }
    }

    /** The first name is the step that failed to give an id; the rest are skipped for want of it. */
    private void skipAll(FormSession s, String cause, String... steps) {
        for (String step : steps) {
            v.skip(step, s, cause);
        }
    }
}
