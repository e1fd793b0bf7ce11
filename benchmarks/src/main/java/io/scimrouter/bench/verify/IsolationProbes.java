package io.scimrouter.bench.verify;

import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * What one partition created must be invisible from every other: a tenant's users and groups from the other
 * tenant, from the default tenant (/v2) and from legacy, and the default tenant's from the tenants. Probed by id,
 * by filter on userName and externalId, and by a DELETE that must neither succeed nor remove anything.
 */
final class IsolationProbes {
    private final Verifier v;

    IsolationProbes(Verifier verifier) {
        this.v = verifier;
    }

    void probeAll(List<FormSession> sessions) {
        for (FormSession owner : sessions) {
            for (FormSession probe : sessions) {
                if (!probe.form.partition().equals(owner.form.partition())) {
                    probe(owner, probe);
                }
            }
        }
    }

    private void probe(FormSession owner, FormSession probe) {
        String origin = " (created through " + owner.form.label() + ")";
        owner.id("entra.user").ifPresent(alice -> {
            expectStatus("isolation.get-user", probe, send(probe, "GET", "/Users/" + alice), 404, origin);
            expectNoMatch("isolation.filter-userName", probe, "/Users?filter=userName%20eq%20"
                    + IdpSequences.quoted(IdpSequences.aliceName(owner)), origin);
            expectNoMatch("isolation.filter-externalId", probe, "/Users?filter=externalId%20eq%20"
                    + IdpSequences.quoted(IdpSequences.aliceExternalId(owner)), origin);
        });
        owner.id("okta.group").ifPresent(group ->
                expectStatus("isolation.get-group", probe, send(probe, "GET", "/Groups/" + group), 404, origin));
        owner.id("okta.user").ifPresent(bob -> {
            expectStatus("isolation.delete-user", probe, send(probe, "DELETE", "/Users/" + bob), 404, origin);
            Answer still = send(owner, "GET", "/Users/" + bob);
            if (still.status() != 200) {
                v.log().find(new Finding("isolation.delete-user", probe.form.label(), "isolation",
                        "status of GET through " + owner.form.label(), "200, still there" + origin,
                        Integer.toString(still.status())));
            }
        });
    }

    private Answer send(FormSession s, String method, String path) {
        return v.client().send(method, s.form.url(path), null, null);
    }

    private void expectStatus(String step, FormSession probe, Answer a, int expected, String origin) {
        v.log().status(step, probe.form.label(), Integer.toString(a.status()));
        if (a.status() != expected) {
            v.log().find(new Finding(step, probe.form.label(), "isolation", "status", expected + origin,
                    Integer.toString(a.status())));
        }
    }

    private void expectNoMatch(String step, FormSession probe, String path, String origin) {
        Answer a = send(probe, "GET", path);
        v.log().status(step, probe.form.label(), Integer.toString(a.status()));
        if (a.status() != 200) {
            v.log().find(new Finding(step, probe.form.label(), "isolation", "status", "200" + origin,
                    Integer.toString(a.status())));
            return;
        }
        Optional<String> total = totalResults(a);
        if (!total.equals(Optional.of("0"))) {
            v.log().find(new Finding(step, probe.form.label(), "isolation", "$.totalResults", "0" + origin,
                    total.orElse(null)));
        }
    }

    private static Optional<String> totalResults(Answer a) {
        try {
            return JsonDocuments.withDefaultLimits().parse(a.body()).field("totalResults")
                    .map(JsonValue::toJson);
        } catch (JsonDocuments.MalformedJsonException e) {
            return Optional.empty();
        }
    }
}
