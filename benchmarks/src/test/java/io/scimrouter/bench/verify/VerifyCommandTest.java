package io.scimrouter.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of verify: out of the box, usage errors, unreachable targets, the token rules. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void noArguments_childProcess_verifiesTheEmbeddedDemo_everyStepOnEveryForm() throws Exception {
        Path report = dir.resolve("report.json");
        Process p = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.scimrouter.bench.BenchMain", "verify", "--out",
                report.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        JsonNode json = VerifyHarness.JSON.readTree(report.toFile());
        assertThat(json.path("forms")).extracting(JsonNode::asText)
                .containsExactly("legacy", "v2", "v2/acme", "v2/globex");
        assertThat(json.path("features").path("etag").asBoolean()).isTrue();
        assertThat(json.path("features").path("bulk").asBoolean()).isTrue();
        List<String> steps = json.path("steps").findValuesAsText("step");
        assertThat(steps).contains("entra.create-user", "entra.group-add-member", "okta.replace-user",
                "okta.search", "etag.if-match-stale", "bulk.create-user-and-group", "errors.bad-filter",
                "errors.conflict-create", "isolation.get-user", "isolation.delete-user", "delete.user");
        for (JsonNode step : json.path("steps")) {
            for (String form : List.of("legacy", "v2", "v2/acme", "v2/globex")) {
                JsonNode cell = step.path("forms").path(form);
                assertThat(cell.path("ok").asBoolean(false)).as("%s through %s", step.path("step"), form).isTrue();
                assertThat(cell.path("status").asText()).as("%s through %s", step.path("step"), form)
                        .matches("\\d{3}(/\\d{3})*");
            }
        }
        assertThat(json.path("differences")).isEmpty();
        assertThat(output).contains("result: every form answers the same (exit 0)")
                .contains("nothing left behind").doesNotContain(" INFO ");
    }

    @Test
    void v2NotEnabledForTheProject_oneFindingPerForm_legacyStillPlayedAndCleanedUp() throws Exception {
        try (VerifyHarness h = new VerifyHarness(null, null,
                java.util.Map.of("SCIM_ROUTER_ROLLOUT_TENANT_AWARE_DENY", "demo/dev"))) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            for (String form : List.of("v2", "v2/acme", "v2/globex")) {
                assertThat(run.hasDifference("discovery.service-provider-config", form, "status")).isTrue();
                assertThat(run.report().path("differences").findValues("form").stream()
                        .filter(f -> f.asText().equals(form)).count()).as(form).isEqualTo(2);
            }
            assertThat(run.out()).contains("(detail: The tenant-aware endpoint (/v2) is not enabled for project "
                    + "'demo', environment 'dev')");
            JsonNode steps = run.report().path("steps");
            assertThat(steps.findValues("legacy")).hasSizeGreaterThan(20)
                    .allSatisfy(cell -> assertThat(cell.path("ok").asBoolean()).isTrue());
            h.assertBackendEmpty();
        }
    }

    @Test
    void unreachableTarget_oneLine_exit2() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("t"), "x");

        VerifyHarness.Run run = VerifyHarness.run(List.of("verify", "--base-url",
                "http://127.0.0.1:" + port + "/scim/v2/p1/e1", "--token-file", dir.resolve("t").toString(),
                "--tenant", "acme", "--quiet"), null);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("verify: cannot connect to 127.0.0.1:" + port
                + ": connection refused (GET http://127.0.0.1:" + port + "/scim/v2/p1/e1/ServiceProviderConfig)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void wrongToken_isAUsageErrorNotAMatch() throws Exception {
        try (VerifyHarness h = VerifyHarness.clean()) {
            Files.writeString(dir.resolve("t"), "wrong");

            VerifyHarness.Run run = VerifyHarness.run(List.of("verify", "--base-url", h.baseUrl(), "--token-file",
                    dir.resolve("t").toString(), "--tenant", "acme", "--quiet"), null);

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err().strip()).startsWith("verify: the service refused the token (401")
                    .doesNotContain("wrong").doesNotContain("\n");
        }
    }

    @Test
    void usageErrors_oneLineEach_exit2() throws Exception {
        List<List<String>> bad = List.of(
                List.of("verify", "--base-url", "ftp://h/x", "--tenant", "a"),
                List.of("verify", "--base-url", "http://127.0.0.1:1/scim/v2/p/e"),
                List.of("verify", "--base-url", "http://127.0.0.1:1/scim/v2/p/e", "--tenant", "a", "--tenant", "b",
                        "--tenant", "c"),
                List.of("verify", "--base-url", "http://127.0.0.1:1/scim/v2/p/e", "--tenant", "a.b"),
                List.of("verify", "--base-url", "http://127.0.0.1:1/scim/v2/p/e", "--tenant", "a", "--token-env",
                        "SCIM_ROUTER_TEST_UNSET_VARIABLE"),
                List.of("verify", "--token", "secret"),
                List.of("verify", "--timeout", "soon"));
        for (List<String> args : bad) {
            VerifyHarness.Run run = VerifyHarness.run(args, null);

            assertThat(run.exit()).as("%s: %s", args, run.err()).isEqualTo(2);
            assertThat(run.err().strip()).as("%s", args).startsWith("verify: ").doesNotContain("\n")
                    .doesNotContain("secret");
        }
    }
}
