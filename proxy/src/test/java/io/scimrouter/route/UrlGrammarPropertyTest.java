package io.scimrouter.route;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RouteParser} against {@link UrlGrammarModel}, an independent reading of RFC 3986 and the README's tables, on
 * generated request targets: every target gets the status the model predicts, and every route forwards exactly the
 * target the model predicts, with the same tenant. The generators build targets from the pieces that matter (base
 * paths, the {@code v2} marker in any case, endpoints in any case, tenant keys at the pattern's edges, dot segments
 * plain and encoded, encoded separators and controls, malformed escapes, characters outside RFC 3986, trailing and
 * doubled slashes, absolute forms, queries with controls, '#', '/', '?' and raw bytes) plus noise over a tricky
 * alphabet. CI runs a fixed seed; {@code -Djqwik.tries.default=N} runs more.
 */
class UrlGrammarPropertyTest {
    private static final String SEED = "20261212";
    private static final List<String> ENDPOINTS = List.of("Users", "Groups", "Me", "Bulk", ".search",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final RouteParser parser = new RouteParser("/scim/v2", "default", TENANT, ENDPOINTS);
    private final UrlGrammarModel model = new UrlGrammarModel("/scim/v2", ENDPOINTS, TENANT, "default");

    private final RouteParser customParser = new RouteParser("/api/scim", "main", Pattern.compile("[a-z]{2,8}"),
            List.of("Users", "Devices"));
    private final UrlGrammarModel customModel = new UrlGrammarModel("/api/scim", List.of("Users", "Devices"),
            Pattern.compile("[a-z]{2,8}"), "main");

    private static void assertAgree(RouteParser parser, UrlGrammarModel model, String target) {
        UrlGrammarModel.Outcome expected = model.decide(target);
        RouteDecision actual = parser.parse(target);
        Statistics.collect(expected.status() == 0 ? (expected.tenantAware()
                ? expected.explicitTenant() ? "explicit tenant" : "default tenant" : "legacy")
                : String.valueOf(expected.status()));
        if (expected.status() != 0) {
            assertThat(actual).as("%s", target).isInstanceOf(RouteRejection.class);
            assertThat(((RouteRejection) actual).status()).as("status of %s", target).isEqualTo(expected.status());
            return;
        }
        assertThat(actual).as("%s", target).isInstanceOf(Route.class);
        Route route = (Route) actual;
        assertThat(new UrlGrammarModel.Outcome(0, route.tenantAware(), route.explicitTenant(), route.tenant(),
                route.project(), route.environment(), route.backendTarget(), route.clientBase(), route.legacyBase()))
                .as("route of %s", target).isEqualTo(expected);
    }

    /** Edge cases are left out here: the generator's odd pieces are its edge cases, mixed in at a chosen rate. */
    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void routeParser_agreesWithTheModel(@ForAll("targets") String target) {
        assertAgree(parser, model, target);
    }

    @Property(seed = SEED)
    void routeParser_agreesWithTheModel_onNoiseAfterTheEnvironment(@ForAll("noise") String tail) {
        assertAgree(parser, model, "/scim/v2/p1/e1/" + tail);
        assertAgree(parser, model, "/scim/v2/p1/e1/v2/" + tail);
        assertAgree(parser, model, "/scim/v2/p1/e1/v2/acme/" + tail);
    }

    @Property(seed = SEED)
    void routeParser_agreesWithTheModel_onAnyNoise(@ForAll("noise") String target) {
        assertAgree(parser, model, target);
        assertAgree(parser, model, "/" + target);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void routeParser_agreesWithTheModel_underAnotherConfiguration(@ForAll("customTargets") String target) {
        assertAgree(customParser, customModel, target);
    }

    /** The model itself, against rows of the README (so parser and model cannot share one misreading). */
    @Example
    void model_followsTheReadme() {
        record Row(String target, int status, String forwarded, String tenant) {
        }
        List<Row> rows = List.of(
                new Row("/scim/v2/p1/e1/Users/7", 0, "/scim/v2/p1/e1/Users/7", null),
                new Row("/scim/v2/p1/e1/v2/Users/7", 0, "/scim/v2/p1/e1/Users/7", "default"),
                new Row("/scim/v2/p1/e1/v2/acme/Users/7", 0, "/scim/v2/p1/e1/Users/7", "acme"),
                new Row("/scim/v2/p1/e1/v2/users?filter=a%20b", 0, "/scim/v2/p1/e1/users?filter=a%20b", "default"),
                new Row("/scim/v2/p1/e1/Users/?filter=x", 0, "/scim/v2/p1/e1/Users/?filter=x", null),
                new Row("/scim/v2/p1/e1/v2/acme/Users/?filter=x", 0, "/scim/v2/p1/e1/Users/?filter=x", "acme"),
                new Row("/scim/v2/v2/v2/v2/acme/Users", 0, "/scim/v2/v2/v2/Users", "acme"),
                new Row("http://h/scim/v2/p1/e1/Users", 0, "/scim/v2/p1/e1/Users", null),
                new Row("/scim/v2/p1/e1/v2/bad.tenant/Users", 400, null, null),
                new Row("/scim/v2/p1/e1/%2e%2e/Users", 400, null, null),
                new Row("/scim/v2/p1/e1/Users%2F7", 400, null, null),
                new Row("/scim/v2/p1/e1//Users", 400, null, null),
                new Row("/scim/v2/p1/e1/Users?a=\u0001", 400, null, null),
                new Row("/scim/v2/p1/e1/Us\u00c3\u00a9rs", 400, null, null),
                new Row("/", 404, null, null),
                new Row("/elsewhere/x", 404, null, null),
                new Row("/scim/v2/p1/e1/v2", 404, null, null),
                new Row("/scim/v2/p1/e1/v2/acme/", 404, null, null));
        for (Row row : rows) {
            UrlGrammarModel.Outcome outcome = model.decide(row.target());
            assertThat(outcome.status()).as(row.target()).isEqualTo(row.status());
            assertThat(outcome.forwarded()).as(row.target()).isEqualTo(row.forwarded());
            assertThat(outcome.tenant()).as(row.target()).isEqualTo(row.tenant());
        }
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> targets() {
        return target(Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("/scim/v2")),
                Tuple.of(1, Arbitraries.of("/scim/V2", "/scim", "/scim/v2x", "", "/other", "/scim/v2/"))));
    }

    @Provide
    Arbitrary<String> customTargets() {
        return target(Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("/api/scim")),
                Tuple.of(1, Arbitraries.of("/scim/v2", "/api", "/api/scim/x", "/API/scim"))));
    }

    /**
     * Targets shaped like the URL forms, slot by slot (project, environment, marker or resource, endpoint or tenant,
     * resource path), each slot now and then replaced by something odd, the whole now and then cut short.
     */
    private Arbitrary<String> target(Arbitrary<String> base) {
        Arbitrary<String> prefix = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("http://h", "HTTPS://h:8443", "Http://u@h", "http://h?x=", "http://h#",
                        "ftp://h", "*", "x", "//")));
        Arbitrary<String> name = usually(Arbitraries.of("p1", "e1", "v2", "prod", "a.b"));
        Arbitrary<String> marker = usually(Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("v2")),
                Tuple.of(3, Arbitraries.of("Users", "Groups", "Devices", "Schemas")),
                Tuple.of(1, Arbitraries.of("V2", "v3", "v%32"))));
        Arbitrary<String> endpointOrTenant = usually(Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("Users", "users", "USERS", ".search", ".SEARCH", "Me", "bulk", "Schemas",
                        "ServiceProviderConfig", "Devices")),
                Tuple.of(3, Arbitraries.of("acme", "globex", "main", "default", "ab")),
                Tuple.of(2, Arbitraries.strings().withChars("abcAZ09_-").ofMinLength(1).ofMaxLength(66)),
                Tuple.of(1, Arbitraries.strings().withChars("ab.").ofMinLength(1).ofMaxLength(3))));
        Arbitrary<List<String>> resource = usually(Arbitraries.of("Users", "Groups", "7", "x", "v2", "acme"))
                .list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<Integer> kept = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(5)),
                Tuple.of(1, Arbitraries.integers().between(0, 4)));
        Arbitrary<String> trailing = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("")),
                Tuple.of(2, Arbitraries.just("/")), Tuple.of(1, Arbitraries.just("//")));
        Arbitrary<List<String>> slots = Combinators.combine(name, name, marker, endpointOrTenant, resource, kept)
                .as((project, environment, m, fourth, rest, keep) -> {
                    List<String> all = new java.util.ArrayList<>(List.of(project, environment, m, fourth));
                    all.addAll(rest);
                    return all.subList(0, Math.min(all.size(), keep == 5 ? all.size() : keep));
                });
        return Combinators.combine(prefix, base, slots, trailing, query())
                .as((p, b, s, t, q) -> p + b + (s.isEmpty() ? "" : "/" + String.join("/", s)) + t + q);
    }

    /** Mostly {@code plain}, now and then an odd segment. */
    private Arbitrary<String> usually(Arbitrary<String> plain) {
        return Arbitraries.frequencyOf(Tuple.of(25, plain), Tuple.of(1, oddSegment()));
    }

    private Arbitrary<String> oddSegment() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(".", "..", "%2e", "%2E", "%2e%2e", ".%2E", "%2e.", "%2e%2e%2e", "...",
                        "a..", "..a")),
                Tuple.of(2, Arbitraries.of("%2f", "%2F", "%5c", "%5C", "a%2fb", "%00", "%0a", "%0D", "%1f", "%7f",
                        "%7F", "%20", "%25", "%C3%A9", "%55sers", "%41cme")),
                Tuple.of(1, Arbitraries.of("%", "%4", "%zz", "%g0", "a%", "%%41")),
                Tuple.of(1, Arbitraries.of("a!$&'()*+,;=:@b", "~_-", "a b", "\"", "<x>", "\\", "^", "`", "{", "|",
                        "}", "[", "]", "#", "a#b", "a?b", "\u00c3\u00a9", "\u00ff", "\u0001", "\t", "\u007f",
                        "\r")),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(2, Arbitraries.strings().withChars("aZ09-_.~!$&'()*+,;=:@%2eEfF5cC/?#\\ \u0000\u0080\u00ff")
                        .ofMinLength(0).ofMaxLength(6)));
    }

    private Arbitrary<String> query() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.just("?")),
                Tuple.of(3, Arbitraries.strings()
                        .withChars("az09%+=&\"/?.:@ ~\u00c3\u00a9\u00ff")
                        .ofMaxLength(20).map(q -> "?" + q)),
                Tuple.of(1, Arbitraries.strings().withChars("a%#\u0000\u0001\t\n\r\u007f\u0080")
                        .ofMaxLength(8).map(q -> "?" + q)));
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings()
                .withChars("/.%2eEfF5cC0vVaUsr?#\\ \u0000\u0001\u007f\u00e9-_~!$&'()*+,;=:@\"<>")
                .ofMaxLength(24);
    }
}
