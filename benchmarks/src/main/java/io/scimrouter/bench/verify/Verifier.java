package io.scimrouter.bench.verify;

import io.scimrouter.bench.cli.UsageException;
import io.scimrouter.bench.http.ScimHttpClient;
import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.ComparisonRules;
import io.scimrouter.compare.Difference;
import io.scimrouter.compare.DocumentComparator;
import io.scimrouter.compare.JsonDocuments;
import io.scimrouter.compare.JsonValue;
import io.scimrouter.compare.StringMapping;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Plays the IdP sequences through every URL form of one project and environment and judges the answers:
 * the legacy form is the reference; every other form must give the same statuses and documents once base URLs,
 * ids and per-run names are mapped to placeholders. URLs and isolation are checked as the answers come, the
 * comparison between forms at the end, and whatever was created is deleted in any case.
 */
public final class Verifier {
    /**
     * @param legacyBase the legacy base URL of one project and environment, without trailing slash
     * @param tenants    one or two tenant keys
     */
    public record Target(String legacyBase, List<String> tenants) {
        public Target {
            Objects.requireNonNull(legacyBase, "legacyBase");
            tenants = List.copyOf(tenants);
        }
    }

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Target target;
    private final ScimHttpClient client;
    private final Consumer<String> progress;
    private final String runId;
    private final List<FormSession> sessions = new ArrayList<>();
    private final StepLog log = new StepLog();
    private final CreatedResources created = new CreatedResources();
    private final DocumentComparator comparator = new DocumentComparator(ComparisonRules.scim());
    private final JsonDocuments json = JsonDocuments.withDefaultLimits();
    private final UrlChecks urlChecks;
    private Features features = new Features(false, false, false);
    private CreatedResources.Outcome cleanup;

    public Verifier(Target target, ScimHttpClient client, Consumer<String> progress) {
        this.target = target;
        this.client = client;
        this.progress = progress;
        this.runId = newRunId();
        sessions.add(new FormSession(UrlForm.legacy(target.legacyBase(), runId)));
        sessions.add(new FormSession(UrlForm.defaultTenant(target.legacyBase(), runId)));
        for (String tenant : target.tenants()) {
            sessions.add(new FormSession(UrlForm.tenant(target.legacyBase(), tenant, runId)));
        }
        this.urlChecks = new UrlChecks(forms(), client);
    }

    private static String newRunId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("vfy");
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    public String runId() {
        return runId;
    }

    List<UrlForm> forms() {
        return sessions.stream().map(s -> s.form).toList();
    }

    /**
     * Runs everything and cleans up, also when a step throws (the exception then goes on to the caller, and
     * {@link #cleanupOutcome()} tells what cleaning up did).
     */
    public VerifyReport run() {
        try {
            discover();
            IdpSequences sequences = new IdpSequences(this, features);
            for (FormSession s : available()) {
                progress.accept("playing Entra ID, Okta" + (features.etag() ? ", ETag" : "")
                        + (features.bulk() ? ", Bulk" : "") + " and error steps through " + s.form.label());
                sequences.entra(s);
                sequences.okta(s);
                if (features.etag()) {
                    sequences.etag(s);
                }
                if (features.bulk()) {
                    sequences.bulk(s);
                }
                sequences.errors(s);
            }
            progress.accept("probing tenant isolation");
            new IsolationProbes(this).probeAll(available());
            for (FormSession s : available()) {
                sequences.deletes(s);
            }
        } finally {
            cleanUp();
        }
        compareForms();
        return new VerifyReport(target.legacyBase(), runId, forms().stream().map(UrlForm::label).toList(),
                features, log, cleanup);
    }

    /** Deletes what the run created; safe to call again and from a shutdown hook. */
    public CreatedResources.Outcome cleanUp() {
        progress.accept("cleaning up");
        cleanup = created.cleanUp(client, forms(), runId);
        return cleanup;
    }

    public CreatedResources.Outcome cleanupOutcome() {
        return cleanup;
    }

    List<FormSession> available() {
        return sessions.stream().filter(s -> s.available).toList();
    }

    StepLog log() {
        return log;
    }

    ScimHttpClient client() {
        return client;
    }

    /** Every form's ServiceProviderConfig and ResourceTypes; the legacy form must answer, or nothing can be judged. */
    private void discover() {
        FormSession legacy = sessions.get(0);
        Played config = play("discovery.service-provider-config", legacy,
                Request.get("/ServiceProviderConfig"));
        if (config.status() == 401 || config.status() == 403) {
            throw new UsageException("the service refused the token (" + config.status() + " from GET "
                    + legacy.form.baseUrl() + "/ServiceProviderConfig): pass --token-env or --token-file");
        }
        if (config.status() != 200 || config.json() == null) {
            throw new UsageException("no SCIM service at " + legacy.form.baseUrl() + " (GET /ServiceProviderConfig "
                    + "answered " + config.status() + "); --base-url is the legacy base of one project and "
                    + "environment, e.g. https://host/scim/v2/p1/e1");
        }
        features = Features.of(config.json());
        play("discovery.resource-types", legacy, Request.get("/ResourceTypes"));
        for (FormSession s : sessions.subList(1, sessions.size())) {
            Played p = play("discovery.service-provider-config", s, Request.get("/ServiceProviderConfig"));
            if (p.status() != 200) {
                s.available = false;
                log.find(new Finding("discovery.service-provider-config", s.form.label(), "availability", "status",
                        "200", p.status() + " (the form does not answer: is it enabled for this project? the"
                        + " remaining steps skip it)"));
                continue;
            }
            play("discovery.resource-types", s, Request.get("/ResourceTypes"));
        }
    }

    /** Sends a step's request through a form, records the answer and checks the URLs in it. */
    Played play(String step, FormSession s, Request r) {
        if (!r.method().equals("GET")) {
            created.writeSent();
        }
        Answer a = client.send(r.method(), s.form.url(r.path()), r.json(), r.contentType(), r.headers());
        Played p = new Played(r.method(), r.path(), a, parse(a));
        log.record(step, s.form.label(), p);
        if (p.ok()) {
            urlChecks.check(step, s, p).forEach(log::find);
        }
        return p;
    }

    /** Marks a step that could not be played through a form because an earlier step gave no id. */
    void skip(String step, FormSession s, String missing) {
        log.status(step, s.form.label(), "-");
        log.find(new Finding(step, s.form.label(), "skipped", "-", "an id from " + missing,
                "none: an earlier step failed"));
    }

    /**
     * Remembers the id of a resource a step created and registers it for clean-up: from the body's id, else from
     * the Location header.
     */
    Optional<String> created(FormSession s, Played p, String symbol, String endpoint) {
        if (!p.ok()) {
            return Optional.empty();
        }
        Optional<String> id = p.json() == null ? Optional.empty() : p.json().text("id");
        if (id.isEmpty()) {
            id = p.answer().header("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(x -> !x.isEmpty());
        }
        id.ifPresent(value -> {
            s.remember(symbol, value);
            created.register(s.form, endpoint + "/" + value);
        });
        return id;
    }

    void register(FormSession s, String path) {
        created.register(s.form, path);
    }

    private JsonValue parse(Answer a) {
        if (a.body().length == 0) {
            return null;
        }
        try {
            return json.parse(a.body());
        } catch (JsonDocuments.MalformedJsonException e) {
            return null;
        }
    }

    /** Every step of every form against the legacy form's answer to the same step. */
    private void compareForms() {
        FormSession reference = sessions.get(0);
        for (String step : log.steps()) {
            Optional<Played> expected = log.played(step, reference.form.label());
            if (expected.isEmpty()) {
                continue;
            }
            for (FormSession s : sessions.subList(1, sessions.size())) {
                log.played(step, s.form.label()).ifPresent(actual ->
                        compare(step, reference, expected.get(), s, actual));
            }
        }
    }

    private void compare(String step, FormSession reference, Played expected, FormSession s, Played actual) {
        String form = s.form.label();
        StringMapping left = reference.mapping();
        StringMapping right = s.mapping();
        if (expected.status() != actual.status()) {
            // the bodies of two different statuses differ everywhere: the status and the service's detail say it
            Optional<String> detail = actual.json() == null ? Optional.empty() : actual.json().text("detail");
            log.find(new Finding(step, form, "same-answer", "status", Integer.toString(expected.status()),
                    actual.status() + detail.map(d -> " (detail: " + abbreviate(d) + ")").orElse("")));
            return;
        }
        for (String header : List.of("Location", "Content-Location")) {
            Optional<String> l = expected.answer().header(header).map(left::apply);
            Optional<String> r = actual.answer().header(header).map(right::apply);
            if (!l.equals(r)) {
                log.find(new Finding(step, form, "same-answer", "header " + header, l.orElse(null),
                        r.orElse(null)));
            }
        }
        Optional<String> leftType = mediaType(expected.answer());
        Optional<String> rightType = mediaType(actual.answer());
        if (!leftType.equals(rightType)) {
            log.find(new Finding(step, form, "same-answer", "header Content-Type", leftType.orElse(null),
                    rightType.orElse(null)));
        }
        boolean leftEtag = expected.answer().header("ETag").isPresent();
        if (leftEtag != actual.answer().header("ETag").isPresent()) {
            log.find(new Finding(step, form, "same-answer", "header ETag", leftEtag ? "present" : "absent",
                    leftEtag ? "absent" : "present"));
        }
        if (expected.json() != null && actual.json() != null) {
            for (Difference d : comparator.compare(expected.json(), left, actual.json(), right)) {
                log.find(new Finding(step, form, "same-answer", d.path().toString(), d.left(), d.right()));
            }
        } else {
            String l = left.apply(expected.answer().bodyText());
            String r = right.apply(actual.answer().bodyText());
            if (!l.equals(r)) {
                log.find(new Finding(step, form, "same-answer", "body", abbreviate(l), abbreviate(r)));
            }
        }
    }

    private static Optional<String> mediaType(Answer a) {
        return a.header("Content-Type").map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
