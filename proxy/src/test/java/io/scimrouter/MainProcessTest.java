package io.scimrouter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: a real JVM, exit statuses, the banner, the embedded default answering. */
class MainProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");

    private static ProcessBuilder router(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SCIM_ROUTER_"));
        pb.environment().putAll(env);
        return pb;
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        Process p = router(env, args).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private record Result(int status, String output) {
    }

    @Test
    void invalidConfigFile_exitsWith2_andNamesTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("router.yaml"), "backend:\n  connectTimeout: 5x\n");
        Result r = run(Map.of(), "--config", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.output()).contains("backend.connectTimeout");
    }

    @Test
    void missingConfigFile_exitsWith2(@TempDir Path dir) throws Exception {
        Result r = run(Map.of(), "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void invalidEnvironmentOverride_exitsWith2_andNamesTheVariable() throws Exception {
        Result r = run(Map.of("SCIM_ROUTER_BACKEND_URL", "not a url"), "--check");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.output()).contains("backend.url").contains("SCIM_ROUTER_BACKEND_URL");
    }

    @Test
    void shippedDefault_passesTheCheck() throws Exception {
        Result r = run(Map.of(), "--check", "--config", "../config/default.yaml");
        assertThat(r.status()).isZero();
    }

    @Test
    void help_exitsWith0_andDocumentsConfig() throws Exception {
        Result r = run(Map.of(), "--help");
        assertThat(r.status()).isZero();
        assertThat(r.output()).contains("--config").contains("SCIM_ROUTER_");
    }

    @Test
    void embeddedDefault_startsPrintsHowToTryIt_andAnswers() throws Exception {
        Process p = router(Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "-1")).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            boolean curlShown = false;
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (line.startsWith("scim-tenant-router listening") && m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.contains("curl") && line.contains("/demo/dev/v2/acme/Users")) {
                    curlShown = true;
                    break;
                }
            }
            assertThat(port).isPositive();
            assertThat(curlShown).isTrue();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/scim/v2/demo/dev/v2/acme/Users"))
                    .header("Authorization", "Bearer demo-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
