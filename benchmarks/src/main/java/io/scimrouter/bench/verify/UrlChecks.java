package io.scimrouter.bench.verify;

import io.scimrouter.bench.http.ScimHttpClient;
import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.ComparisonRules;
import io.scimrouter.compare.Difference;
import io.scimrouter.compare.DocumentComparator;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonPath;
import io.scimrouter.compare.JsonValue;
import io.scimrouter.compare.JsonValue.ArrayValue;
import io.scimrouter.compare.JsonValue.ObjectValue;
import io.scimrouter.compare.JsonValue.StringValue;
import io.scimrouter.compare.StringMapping;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every absolute URL in an answer ({@code Location}, {@code Content-Location}, any {@code location} or {@code $ref}
 * field) must be in the form the client used, and following it must give the resource it names: the same id, and
 * for a resource's own location the same document (meta aside: a PATCH answer may carry no version).
 */
final class UrlChecks {
    /** The owner of a URL: what following it must give. */
    private record Found(String where, String url, JsonValue owner, boolean wholeResource) {
    }

    private final List<UrlForm> forms;
    private final ScimHttpClient client;
    private final DocumentComparator sameResource = new DocumentComparator(ComparisonRules.scim().ignoring("meta"));

    UrlChecks(List<UrlForm> forms, ScimHttpClient client) {
        this.forms = forms;
        this.client = client;
    }

    List<Finding> check(String step, FormSession session, Played p) {
        List<Found> urls = new ArrayList<>();
        for (String header : List.of("Location", "Content-Location")) {
            p.answer().header(header).filter(UrlChecks::isAbsolute).ifPresent(url ->
                    urls.add(new Found("header " + header, url, p.json(), true)));
        }
        if (p.json() != null) {
            collect(p.json(), null, JsonPath.root(), urls);
        }
        List<Finding> findings = new ArrayList<>();
        Set<String> followed = new HashSet<>();
        for (Found f : urls) {
            Optional<UrlForm> under = formOf(f.url());
            if (under.isEmpty() || !under.get().equals(session.form)) {
                findings.add(new Finding(step, session.form.label(), "url-form", f.where(),
                        "under " + session.form.baseUrl() + "/", f.url()));
            }
            // only URLs on the target itself are followed: the token must never go to another host
            if (under.isPresent() && followed.add(f.where() + " " + f.url())) {
                follow(step, session, f, findings);
            }
        }
        return findings;
    }

    private void follow(String step, FormSession session, Found f, List<Finding> findings) {
        String form = session.form.label();
        Answer a = client.send("GET", URI.create(f.url()), null, null);
        if (a.status() != 200) {
            findings.add(new Finding(step, form, "url-follow", f.where(), "GET " + f.url() + " answers 200",
                    Integer.toString(a.status())));
            return;
        }
        JsonValue got;
        try {
            got = JsonDocuments.withDefaultLimits().parse(a.body());
        } catch (JsonDocuments.MalformedJsonException e) {
            findings.add(new Finding(step, form, "url-follow", f.where(), "a JSON resource", e.getMessage()));
            return;
        }
        Optional<String> expectedId = f.owner() == null ? Optional.empty()
                : f.owner().text("id").or(() -> f.wholeResource() ? Optional.empty() : f.owner().text("value"));
        if (expectedId.isPresent() && !expectedId.equals(got.text("id"))) {
            findings.add(new Finding(step, form, "url-follow", f.where() + " -> $.id", expectedId.get(),
                    got.text("id").orElse(null)));
            return;
        }
        if (f.wholeResource() && f.owner() != null && f.owner().text("id").isPresent()) {
            StringMapping mapping = session.mapping();
            for (Difference d : sameResource.compare(f.owner(), mapping, got, mapping)) {
                findings.add(new Finding(step, form, "url-follow", f.where() + " -> " + d.path(), d.left(),
                        d.right()));
            }
        }
    }

    /** The form whose base is the longest one the URL is under, so a /v2/acme URL is not taken for legacy. */
    private Optional<UrlForm> formOf(String url) {
        UrlForm best = null;
        for (UrlForm form : forms) {
            boolean longer = best == null || form.baseUrl().length() > best.baseUrl().length();
            if (longer && StringMapping.isUnderBase(url, form.baseUrl())) {
                best = form;
            }
        }
        return Optional.ofNullable(best);
    }

    private static void collect(JsonValue value, JsonValue parent, JsonPath path, List<Found> out) {
        if (value instanceof ObjectValue object) {
            object.fields().forEach((name, child) -> {
                JsonPath at = path.field(name);
                String lower = name.toLowerCase(Locale.ROOT);
                if (child instanceof StringValue s && isAbsolute(s.value())
                        && (lower.equals("location") || lower.equals("$ref"))) {
                    boolean metaLocation = lower.equals("location") && "meta".equals(path.lastFieldName())
                            && parent != null;
                    JsonValue owner = metaLocation ? parent : object;
                    out.add(new Found(at.toString(), s.value(), owner, metaLocation));
                } else {
                    collect(child, object, at, out);
                }
            });
        } else if (value instanceof ArrayValue array) {
            for (int i = 0; i < array.elements().size(); i++) {
                collect(array.elements().get(i), parent, path.index(i), out);
            }
        }
    }

    private static boolean isAbsolute(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
