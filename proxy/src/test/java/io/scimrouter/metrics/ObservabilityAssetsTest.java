package io.scimrouter.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.metrics.PromQlNames.LabelMatcher;
import io.scimrouter.metrics.PromQlNames.Selector;
import io.scimrouter.testing.PrometheusText;
import io.scimrouter.testing.RepoFiles;
import io.scimrouter.testing.RouterExtension;
import io.scimrouter.testing.TestBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The shipped Grafana dashboard ({@code deploy/grafana/scim-tenant-router.json}) and alert rules
 * ({@code deploy/prometheus/alerts.yaml}) name only series, labels and label values that a real scrape of the router
 * has after mixed traffic; the dashboard is well formed (a query and a unit on every panel, the data source a
 * variable); every alert has its summary, description and a runbook link to a section of docs/RUNBOOK.md.
 * promtool checks the rules' syntax and their behaviour on synthetic series (.ci/run).
 */
class ObservabilityAssetsTest {
    private static final String DASHBOARD = "deploy/grafana/scim-tenant-router.json";
    private static final String ALERTS = "deploy/prometheus/alerts.yaml";
    private static final String RUNBOOK = "docs/RUNBOOK.md";
    /** Labels Prometheus adds to every scraped series: not in the scrape itself. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Pattern LITERAL_ALTERNATION = Pattern.compile("[A-Za-z0-9_.+-]+(\\|[A-Za-z0-9_.+-]+)*");
    private static final List<String> SHADOW_RESULTS = List.of("match", "mismatch", "error", "dropped");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)");

    /** rollout.shadow on for the traffic's project/environment, every read: its series are in the scrape. */
    private static final RouterConfig.Shadow SHADOW =
            new RouterConfig.Shadow(List.of("p1/e1"), 1.0, 4, Duration.ofSeconds(30), 64 * 1024);

    @RegisterExtension
    static final RouterExtension ROUTER = RouterExtension.create().config(b -> b.adminOnFreePort().shadow(SHADOW));

    /** Sample name to the label sets of its samples, from one scrape after mixed traffic. */
    private static Map<String, List<Map<String, String>>> scraped;

    @BeforeAll
    static void mixedTrafficThenScrape() throws Exception {
        assertThat(ROUTER.get("/scim/v2/p1/e1/Users").status()).isEqualTo(200);
        // its shadow comparison runs after the answer: let it end before the backend starts hanging up
        await().until(() -> SHADOW_RESULTS.stream()
                .mapToDouble(r -> ROUTER.router().metrics().count("scim.router.shadow", "result", r)).sum() >= 1);
        assertThat(ROUTER.get("/scim/v2/p1/e1/v2/Users").status()).isEqualTo(200);
        assertThat(ROUTER.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(ROUTER.get("/scim/v2/p1/e1/v2/acme/Users").status()).isEqualTo(200);
        assertThat(ROUTER.get("/scim/v2/p1/e1/v2/nosuch/Users").status()).isEqualTo(404);
        ROUTER.backend().respond(TestBackend.hangUp());
        assertThat(ROUTER.get("/scim/v2/p1/e1/Users/2").status()).isEqualTo(502);
        await().until(() -> ROUTER.router().metrics().count("scim.router.requests") >= 6);
        // the GC pause timers appear with the first collection the router's registry hears of
        System.gc();
        await().until(() -> scrape().containsKey("jvm_gc_pause_seconds_count"));
        scraped = scrape();
    }

    private static Map<String, List<Map<String, String>>> scrape() throws Exception {
        String body = RouterExtension.request(ROUTER.adminPort(), "GET", "/metrics").bodyText();
        Map<String, List<Map<String, String>>> byName = new HashMap<>();
        for (String key : PrometheusText.parse(body).samples().keySet()) {
            int brace = key.indexOf('{');
            byName.computeIfAbsent(key.substring(0, brace), k -> new ArrayList<>())
                    .add(labels(key.substring(brace + 1, key.length() - 1)));
        }
        return byName;
    }

    /** {@code a=1,b=x y} as a map; a value with a comma in it continues after the comma. */
    private static Map<String, String> labels(String inside) {
        Map<String, String> labels = new LinkedHashMap<>();
        String last = null;
        for (String part : inside.isEmpty() ? new String[0] : inside.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0 && last != null) {
                labels.put(last, labels.get(last) + "," + part);
            } else {
                last = part.substring(0, eq);
                labels.put(last, part.substring(eq + 1));
            }
        }
        return labels;
    }

    @Test
    void dashboard_everyPanelHasQueriesAndAUnit_theDataSourceIsAVariable() throws IOException {
        Map<String, Object> dashboard = map(readJson(RepoFiles.find(DASHBOARD)));

        assertThat(((Number) dashboard.get("schemaVersion")).intValue()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.get("uid")).isEqualTo("scim-tenant-router");
        Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
        for (Object v : list(map(dashboard.get("templating")).get("list"))) {
            variables.put((String) map(v).get("name"), map(v));
        }
        assertThat(variables).containsKeys("datasource", "job", "instance");
        assertThat(variables.get("datasource")).containsEntry("type", "datasource")
                .containsEntry("query", "prometheus");

        List<Map<String, Object>> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThan(20);
        Set<Object> ids = new TreeSet<>();
        for (Map<String, Object> panel : panels) {
            String title = (String) panel.get("title");
            assertThat(ids.add(panel.get("id"))).as("unique id: %s", title).isTrue();
            assertThat(map(panel.get("gridPos"))).as(title).containsKeys("x", "y", "w", "h");
            if ("row".equals(panel.get("type"))) {
                continue;
            }
            assertThat(map(panel.get("datasource")).get("uid")).as(title).isEqualTo("${datasource}");
            String unit = (String) map(map(panel.get("fieldConfig")).get("defaults")).get("unit");
            assertThat(unit).as("unit of %s", title).isNotBlank();
            List<Object> targets = list(panel.get("targets"));
            assertThat(targets).as("queries of %s", title).isNotEmpty();
            for (Object t : targets) {
                String expr = (String) map(t).get("expr");
                assertThat(expr).as("query of %s", title).isNotBlank();
                assertThat(map(map(t).get("datasource")).get("uid")).as(title).isEqualTo("${datasource}");
                for (Selector s : PromQlNames.of(expr).selectors()) {
                    assertThat(s.matchers()).as("%s in %s follows the job and instance variables", s.metric(), title)
                            .contains(new LabelMatcher("job", "=~", "$job"),
                                    new LabelMatcher("instance", "=~", "$instance"));
                }
            }
        }
    }

    @Test
    void dashboard_coversTheIssuesTopics() throws IOException {
        Set<String> used = new TreeSet<>();
        dashboardQueries().values()
                .forEach(expr -> PromQlNames.of(expr).selectors().forEach(s -> used.add(s.metric())));

        assertThat(used).contains("scim_router_requests_total", "scim_router_request_duration_seconds_bucket",
                "scim_router_upstream_first_byte_seconds_bucket", "scim_router_upstream_errors_total",
                "scim_router_client_connections", "scim_router_upstream_connections",
                "scim_router_tenant_lookups_total", "scim_router_tenant_directory_duration_seconds_bucket",
                "scim_router_tenant_directory_loads_total", "scim_router_tenant_stale_served_total",
                "scim_router_rewrite_bytes_total", "scim_router_response_flags_total",
                "scim_router_limits_refused_total", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum",
                "scim_router_netty_direct_memory_used_bytes", "scim_router_shadow_total");
    }

    @Test
    void dashboardQueries_nameOnlySeriesLabelsAndValuesOfARealScrape() throws IOException {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(30);
        queries.forEach(ObservabilityAssetsTest::assertExported);
    }

    @Test
    void alerts_eachHasADurationSeverityAnnotationsAndARunbookSection() throws IOException {
        Set<String> anchors = runbookAnchors();
        List<Map<String, Object>> rules = alertRules();

        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyInAnyOrder("ScimRouterUpstreamFailures",
                "ScimRouterBackendUnreachable", "ScimRouterTenantDirectoryFailing",
                "ScimRouterTenantDirectoryUnavailable", "ScimRouterLimitsRefusing", "ScimRouterHeapNearLimit",
                "ScimRouterDirectMemoryNearLimit", "ScimRouterShadowMismatch", "ScimRouterShadowErrors");
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertThat((String) rule.get("for")).as("for: of %s", name).matches("\\d+[smh]");
            assertThat(map(rule.get("labels")).get("severity")).as(name).isIn("warning", "critical");
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat((String) annotations.get("summary")).as(name).isNotBlank();
            assertThat((String) annotations.get("description")).as(name).isNotBlank();
            String runbook = (String) annotations.get("runbook_url");
            assertThat(runbook).as(name).isEqualTo(RUNBOOK + "#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("a section %s in %s", name, RUNBOOK).contains(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void alertExpressions_nameOnlySeriesLabelsAndValuesOfARealScrape() throws IOException {
        for (Map<String, Object> rule : alertRules()) {
            assertExported("alert " + rule.get("alert"), (String) rule.get("expr"));
        }
    }

    /** Fails unless every series, label and literal label value the expression names is in the scrape. */
    private static void assertExported(String where, String expr) {
        PromQlNames names = PromQlNames.of(expr);
        assertThat(names.selectors()).as("series in %s: %s", where, expr).isNotEmpty();
        Set<String> labelsOfTheseSeries = new TreeSet<>(TARGET_LABELS);
        for (Selector s : names.selectors()) {
            List<Map<String, String>> samples = scraped.get(s.metric());
            if (samples == null) {
                fail("%s names %s, which the router does not export; it exports %s", where, s.metric(),
                        new TreeSet<>(scraped.keySet()));
            }
            samples.forEach(labels -> labelsOfTheseSeries.addAll(labels.keySet()));
            for (LabelMatcher m : s.matchers()) {
                if (TARGET_LABELS.contains(m.label())) {
                    continue;
                }
                assertThat(samples).as("%s: label %s on %s", where, m.label(), s.metric())
                        .anyMatch(labels -> labels.containsKey(m.label()));
                assertThat(m.value()).as("%s: %s matches literal values only, so that they can be checked", where,
                        m.label()).matches(LITERAL_ALTERNATION);
                for (String value : m.value().split("\\|")) {
                    assertThat(samples).as("%s: %s{%s=\"%s\"}", where, s.metric(), m.label(), value)
                            .anyMatch(labels -> value.equals(labels.get(m.label())));
                }
            }
        }
        assertThat(labelsOfTheseSeries).as("%s groups by labels its series have: %s", where, expr)
                .containsAll(names.groupingLabels());
    }

    /** Every panel query and variable query, by where it is ({@code panel title/A}). */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, Object> dashboard = map(readJson(RepoFiles.find(DASHBOARD)));
        Map<String, String> queries = new LinkedHashMap<>();
        for (Map<String, Object> panel : panels(dashboard)) {
            for (Object t : list(panel.getOrDefault("targets", List.of()))) {
                queries.put(panel.get("title") + "/" + map(t).get("refId"), (String) map(t).get("expr"));
            }
        }
        for (Object v : list(map(dashboard.get("templating")).get("list"))) {
            Object query = map(v).get("query");
            if (query instanceof Map<?, ?> q) {
                Matcher m = LABEL_VALUES.matcher((String) q.get("query"));
                assertThat(m.matches()).as("variable %s", map(v).get("name")).isTrue();
                queries.put("variable " + map(v).get("name"), "sum by (" + m.group(2) + ") (" + m.group(1) + ")");
            }
        }
        return queries;
    }

    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object p : list(dashboard.get("panels"))) {
            all.add(map(p));
            for (Object nested : list(map(p).getOrDefault("panels", List.of()))) {
                all.add(map(nested));
            }
        }
        return all;
    }

    private static List<Map<String, Object>> alertRules() throws IOException {
        Map<String, Object> file;
        try (Reader in = Files.newBufferedReader(RepoFiles.find(ALERTS))) {
            file = map(new Yaml().load(in));
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : list(file.get("groups"))) {
            list(map(group).get("rules")).forEach(r -> rules.add(map(r)));
        }
        return rules;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
    private static Set<String> runbookAnchors() throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : Files.readAllLines(RepoFiles.find(RUNBOOK))) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** A JSON document as maps, lists, strings, numbers, booleans and nulls (jackson-core's streaming parser). */
    private static Object readJson(Path file) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            Object value = readValue(p);
            assertThat(p.nextToken()).as("nothing after the document").isNull();
            return value;
        }
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    assertThat(object).as("duplicate key").doesNotContainKey(name);
                    object.put(name, readValue(p));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(p));
                }
                return array;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + token);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
