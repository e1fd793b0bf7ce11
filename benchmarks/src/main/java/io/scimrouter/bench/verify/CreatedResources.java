package io.scimrouter.bench.verify;

import io.scimrouter.bench.cli.TargetUnreachableException;
import io.scimrouter.bench.http.ScimHttpClient;
import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a run created, registered as soon as its id is known, and deleted at the end whatever happened in
 * between. A sweep then looks for the run's tag in user names and group names through every partition and deletes
 * what it finds, which also catches resources whose create answer never said their id (a broken answer, a cut
 * connection).
 */
final class CreatedResources {
    /** A resource by the form it lives in and its path under that form, e.g. {@code /Users/42}. */
    record Resource(UrlForm form, String path) {
    }

    /** What cleaning up did: how many were removed and which could not be. */
    record Outcome(int created, int removed, List<String> leftBehind) {
    }

    private final Set<Resource> created = new LinkedHashSet<>();
    private boolean writesSent;
    private Outcome outcome;

    /** A request that can create something was sent: the sweep is needed even if no id came back. */
    synchronized void writeSent() {
        writesSent = true;
    }

    synchronized void register(UrlForm form, String path) {
        created.add(new Resource(form, path));
    }

    synchronized int size() {
        return created.size();
    }

    /** Deletes everything, newest first (groups before the users in them), then sweeps; runs once. */
    synchronized Outcome cleanUp(ScimHttpClient client, List<UrlForm> forms, String runId) {
        if (outcome != null) {
            return outcome;
        }
        int removed = 0;
        List<String> leftBehind = new ArrayList<>();
        List<Resource> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        for (Resource r : newestFirst) {
            removed += delete(client, r, leftBehind) ? 1 : 0;
        }
        for (UrlForm form : writesSent ? forms : List.<UrlForm>of()) {
            for (Resource stray : sweep(client, form, runId, leftBehind)) {
                if (delete(client, stray, leftBehind)) {
                    removed++;
                }
            }
        }
        outcome = new Outcome(created.size(), removed, List.copyOf(leftBehind));
        return outcome;
    }

    /** True when this call removed it; 404 means it was gone already (deleted by a step). */
    private static boolean delete(ScimHttpClient client, Resource r, List<String> leftBehind) {
        try {
            Answer a = client.send("DELETE", r.form().url(r.path()), null, null);
            if (a.status() == 404) {
                return false;
            }
            if (a.status() >= 200 && a.status() < 300) {
                return true;
            }
            leftBehind.add(r.form().baseUrl() + r.path() + " (DELETE answered " + a.status() + ")");
        } catch (TargetUnreachableException e) {
            leftBehind.add(r.form().baseUrl() + r.path() + " (" + e.getMessage() + ")");
        }
        return false;
    }

    private static List<Resource> sweep(ScimHttpClient client, UrlForm form, String runId, List<String> problems) {
        List<Resource> found = new ArrayList<>();
        String contains = URLEncoder.encode("\"" + runId + "\"", StandardCharsets.UTF_8).replace("+", "%20");
        found.addAll(search(client, form, "/Users?count=200&filter=userName%20co%20" + contains, "/Users/",
                problems));
        found.addAll(search(client, form, "/Groups?count=200&filter=displayName%20co%20" + contains, "/Groups/",
                problems));
        return found;
    }

    private static List<Resource> search(ScimHttpClient client, UrlForm form, String query, String prefix,
            List<String> problems) {
        List<Resource> found = new ArrayList<>();
        try {
            Answer a = client.send("GET", form.url(query), null, null);
            if (a.status() != 200) {
                return found; // a service without filters: the registry is all there is
            }
            JsonValue list = JsonDocuments.withDefaultLimits().parse(a.body());
            if (list.field("Resources").orElse(null) instanceof JsonValue.ArrayValue resources) {
                for (JsonValue resource : resources.elements()) {
                    resource.text("id").ifPresent(id -> found.add(new Resource(form, prefix + id)));
                }
            }
        } catch (TargetUnreachableException e) {
            problems.add("sweep through " + form.label() + " failed: " + e.getMessage());
        } catch (JsonDocuments.MalformedJsonException e) {
            problems.add("sweep through " + form.label() + " got no JSON list: " + e.getMessage());
        }
        return found;
    }
}
