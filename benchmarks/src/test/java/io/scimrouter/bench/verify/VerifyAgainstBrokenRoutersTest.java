package io.scimrouter.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * verify against a real router made wrong on purpose, one fault at a time: each is found (exit 1) with a
 * difference naming the step, the form and the path, and the backend is empty afterwards.
 */
class VerifyAgainstBrokenRoutersTest {
    private static final String TENANT_HEADER = "X-Tenant-Id";

    @Test
    void cleanRouterThroughAPassThroughProxy_matches() throws Exception {
        try (VerifyHarness h = VerifyHarness.withFaultInFront(VerifyHarness.none())) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.report().path("differences")).isEmpty();
            h.assertBackendEmpty();
        }
    }

    @Test
    void tenantHeaderDroppedOnTheAcmeForm_isFoundAsIsolationBreach() throws Exception {
        FaultyProxy.Fault dropAcme = new FaultyProxy.Fault() {
            @Override
            public void request(FaultyProxy.Message request) {
                if ("acme".equals(request.headers.get(TENANT_HEADER))) {
                    request.headers.remove(TENANT_HEADER);
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultBehindRouter(dropAcme)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            // acme's user landed in the default partition: legacy and /v2 see it
            assertThat(run.hasDifference("isolation.get-user", "legacy", "status")).as(run.out()).isTrue();
            assertThat(run.hasDifference("isolation.filter-userName", "v2", "$.totalResults")).as(run.out())
                    .isTrue();
            assertThat(run.out()).contains("isolation.get-user  legacy  status  [isolation]");
            h.assertBackendEmpty();
        }
    }

    @Test
    void refLeftInTheLegacyForm_isFoundAtItsJsonPath() throws Exception {
        Pattern ref = Pattern.compile("(\"\\$ref\"\\s*:\\s*\"[^\"]*?/scim/v2/demo/dev)/v2/acme/");
        FaultyProxy.Fault unrewrittenRef = new FaultyProxy.Fault() {
            @Override
            public void response(FaultyProxy.Message request, FaultyProxy.Message response) {
                if (request.uri.contains("/v2/acme/")) {
                    response.bodyText(ref.matcher(response.bodyText()).replaceAll("$1/"));
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultInFront(unrewrittenRef)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.hasDifference("entra.group-add-member", "v2/acme", "$.members[0].$ref")).as(run.out())
                    .isTrue();
            assertThat(run.out()).contains("entra.group-add-member  v2/acme  $.members[0].$ref  [same-answer]")
                    .contains("expected: \"{base}/Users/{entra.user}\"")
                    .contains("/scim/v2/demo/dev/Users/{entra.user}\"");
            assertThat(run.out()).contains("entra.group-add-member  v2/acme  $.members[0].$ref  [url-form]");
            assertThat(run.hasDifference("entra.group-add-member", "v2/globex", "$.members[0].$ref")).isFalse();
            h.assertBackendEmpty();
        }
    }

    @Test
    void locationHeaderInTheLegacyForm_isFoundOnTheFormThatGotIt() throws Exception {
        FaultyProxy.Fault legacyLocation = new FaultyProxy.Fault() {
            @Override
            public void response(FaultyProxy.Message request, FaultyProxy.Message response) {
                String location = response.headers.get("Location");
                if (location != null && request.uri.contains("/v2/acme/")) {
                    response.headers.set("Location", location.replace("/v2/acme/", "/"));
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultInFront(legacyLocation)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.hasDifference("entra.create-user", "v2/acme", "header Location")).as(run.out()).isTrue();
            assertThat(run.report().path("differences").findValuesAsText("form")).containsOnly("v2/acme");
            h.assertBackendEmpty();
        }
    }

    @Test
    void tenantsNotIsolated_globexReadsAcme_isFound() throws Exception {
        FaultyProxy.Fault globexIsAcme = new FaultyProxy.Fault() {
            @Override
            public void request(FaultyProxy.Message request) {
                if ("globex".equals(request.headers.get(TENANT_HEADER))) {
                    request.headers.set(TENANT_HEADER, "acme");
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultBehindRouter(globexIsAcme)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.hasDifference("isolation.get-user", "v2/globex", "status")).as(run.out()).isTrue();
            assertThat(run.hasDifference("isolation.get-user", "v2/acme", "status")).as(run.out()).isTrue();
            assertThat(run.hasDifference("isolation.get-user", "legacy", "status")).isFalse();
            h.assertBackendEmpty();
        }
    }

    @Test
    void errorStatusChangedOnTheDefaultTenantForm_isFoundWithBothStatuses() throws Exception {
        FaultyProxy.Fault conflictBecomes400 = new FaultyProxy.Fault() {
            @Override
            public void response(FaultyProxy.Message request, FaultyProxy.Message response) {
                if (request.uri.startsWith("/scim/v2/demo/dev/v2/Users") && response.status == 409) {
                    response.status = 400;
                }
            }
        };
        try (VerifyHarness h = VerifyHarness.withFaultInFront(conflictBecomes400)) {
            VerifyHarness.Run run = h.verify();

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.hasDifference("errors.conflict-create", "v2", "status")).as(run.out()).isTrue();
            assertThat(run.out()).contains("errors.conflict-create  v2  status  [same-answer]")
                    .contains("expected: 409").contains("got:      400");
            h.assertBackendEmpty();
        }
    }
}
