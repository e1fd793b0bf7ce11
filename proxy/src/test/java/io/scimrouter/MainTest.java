package io.scimrouter;

import io.netty.pkitesting.X509Bundle;
import io.scimrouter.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Main} as a user runs it: a child JVM, its exit status and its output. Every wait is bounded. */
class MainTest {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
    private static final Path CONFIG_DIR = Path.of("..", "config");
    private static final X509Bundle TLS_CA = TestPki.ca("main test CA");
    // Netty's switch that makes OpenSSL unavailable, as a missing or unloadable native library does
    private static final String NO_OPENSSL = "-Dio.netty.handler.ssl.noOpenSsl=true";

    private final List<Child> children = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Child child : children) {
            child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server:\\n  port: 70000                   | server.port",
        "backend:\\n  connectTimeout: 5 seconds    | backend.connectTimeout",
        "routing:\\n  tenantPatern: '[a-z]+'       | routing.tenantPatern",
        "server:\\n  port: [8080]                  | server.port",
    })
    void invalidConfigFile_exits2_namingTheKey(String yaml, String key) throws Exception {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n"));

        Result result = run(Map.of(), "--config", file.toString());

        assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(result.output()).contains("Invalid configuration").contains(key);
    }

    @Test
    void missingConfigFile_exits2_namingTheFile() throws Exception {
        Path missing = dir.resolve("nowhere.yaml");

        Result result = run(Map.of(), "--config", missing.toString());

        assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(result.output()).contains("nowhere.yaml");
    }

    @Test
    void invalidEnvironmentOverride_exits2_namingTheKey() throws Exception {
        Result result = run(Map.of("SCIM_ROUTER_BACKEND_URL", "not-a-url"));

        assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(result.output()).containsAnyOf("backend.url", "SCIM_ROUTER_BACKEND_URL");
    }

    @Test
    void check_acceptsTheShippedProductionExample() throws Exception {
        Path example = CONFIG_DIR.resolve("production.example.yaml");
        assertThat(example).exists();

        Result result = run(Map.of(), "--check", "--config", example.toString());

        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("Configuration is valid.");
    }

    @Test
    void check_ofTheHttpDirectoryExample_needsItsCredentialVariable_andNeverPrintsIt() throws Exception {
        Path example = CONFIG_DIR.resolve("tenants-http.example.yaml");
        assertThat(Files.readString(example)).contains("credentialEnv: SCIM_ROUTER_DIRECTORY_TOKEN");

        Result without = run(Map.of(), "--check", "--config", example.toString());
        assertThat(without.status()).as(without.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(without.output()).contains("SCIM_ROUTER_DIRECTORY_TOKEN");

        String secret = "s3cr3t-directory-token-4711";
        Result with = run(Map.of("SCIM_ROUTER_DIRECTORY_TOKEN", secret), "--check", "--config", example.toString());
        assertThat(with.status()).as(with.output()).isZero();
        assertThat(with.output()).doesNotContain(secret);
    }

    @Test
    void help_exits0_andDocumentsTheOptions() throws Exception {
        Result result = run(Map.of(), "--help");

        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("--config", "--check", "SCIM_ROUTER_BACKEND_URL");
    }

    @Test
    void unknownOption_isAUsageError() throws Exception {
        Result result = run(Map.of(), "--confg", "x.yaml");

        assertThat(result.status()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("--confg");
    }

    @Test
    void defaultStart_servesTheEmbeddedDemo_untilTerminated() throws Exception {
        Child child = start(Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "0"));
        Matcher banner = child.awaitLine(Pattern.compile(
                "scim-tenant-router listening on 127\\.0\\.0\\.1:(\\d+), admin on 127\\.0\\.0\\.1:(\\d+)"));
        int port = Integer.parseInt(banner.group(1));
        int adminPort = Integer.parseInt(banner.group(2));
        Matcher curl = child.awaitLine(Pattern.compile("curl -s -H 'Authorization: Bearer (\\S+)' (\\S+/v2/Users)"));
        assertThat(curl.group(2)).isEqualTo("http://127.0.0.1:" + port + "/scim/v2/demo/dev/v2/Users");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> users = http.send(HttpRequest.newBuilder(URI.create(curl.group(2)))
                .header("Authorization", "Bearer " + curl.group(1)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(users.body()).contains("\"totalResults\":0");
        URI healthUri = URI.create("http://127.0.0.1:" + adminPort + "/health");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(healthUri)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

        child.process.destroy(); // SIGTERM: the shutdown hook closes the router
        assertThat(child.process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    @Test
    void tlsStart_servesHttps_andSaysWhichProviderAndCertificateAreInUse() throws Exception {
        Map<String, String> env = tlsEnvironment(TestPki.server(TLS_CA, 0x5A));
        Child child = start(env);

        int port = awaitListening(child);
        Matcher tls = child.awaitLine(Pattern.compile("^TLS: (\\S+), certificate subject CN=router\\.test, serial 5A, "
                + "notAfter \\S+$"));
        assertThat(tls.group(1)).isEqualTo("OPENSSL");
        assertThat(child.output()).contains("TLS on the client listener with OpenSSL (BoringSSL");
        assertThat(httpsGetUsers(port).statusCode()).isEqualTo(200);
        HttpResponse<String> created = https().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                + "/scim/v2/demo/dev/v2/acme/Users")).header("Authorization", "Bearer demo-token")
                .header("Content-Type", "application/scim+json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":"
                        + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"tls.user\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).get().asString().as("rewritten in the https /v2 form")
                .startsWith("https://127.0.0.1:" + port + "/scim/v2/demo/dev/v2/acme/Users/");

        child.process.destroy();
        assertThat(child.process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tlsStart_whereOpenSslCannotLoad_fallsBackToTheJdk_andSaysWhy() throws Exception {
        Map<String, String> env = tlsEnvironment(TestPki.server(TLS_CA, 0x5B));
        Child child = start(List.of(NO_OPENSSL), env);

        int port = awaitListening(child);
        child.awaitLine(Pattern.compile("^TLS: JDK, certificate subject CN=router\\.test, serial 5B, "));
        assertThat(child.output()).contains("TLS on the client listener with the JDK's TLS (Java ")
                .contains("OpenSSL cannot be loaded here (");
        assertThat(httpsGetUsers(port).statusCode()).isEqualTo(200);

        child.process.destroy();
        assertThat(child.process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void providerOpenssl_whereOpenSslCannotLoad_cannotStart_exit1_namingTheKey() throws Exception {
        Map<String, String> env = new HashMap<>(tlsEnvironment(TestPki.server(TLS_CA, 0x5C)));
        env.put("SCIM_ROUTER_SERVER_TLS_PROVIDER", "openssl");

        Result result = run(List.of(NO_OPENSSL), env);

        assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_START_FAILED);
        assertThat(result.output()).contains("Cannot start: server.tls.provider: is openssl but OpenSSL cannot be "
                + "loaded here");
    }

    @Test
    void aCertificateFileThatDoesNotParse_exits2_namingTheKey_withCheckToo() throws Exception {
        Map<String, String> env = new HashMap<>(tlsEnvironment(TestPki.server(TLS_CA, 0x5D)));
        Path bad = Files.writeString(dir.resolve("bad.crt"), "not a certificate\n");
        env.put("SCIM_ROUTER_SERVER_TLS_CERTIFICATE_FILE", bad.toString());

        for (Result result : List.of(run(env, "--check"), run(env))) {
            assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
            assertThat(result.output()).contains("Invalid configuration: server.tls.certificateFile: " + bad
                    + " is not a PEM file");
        }
    }

    @Test
    void aKeyThatIsNotTheCertificates_exits2_namingTheKeyFile() throws Exception {
        Map<String, String> env = new HashMap<>(tlsEnvironment(TestPki.server(TLS_CA, 0x5E)));
        Path otherKey = TestPki.writeKey(dir.resolve("other.key"), TestPki.server(TLS_CA, 0x5F),
                TestPki.KeyFormat.PKCS8);
        env.put("SCIM_ROUTER_SERVER_TLS_PRIVATE_KEY_FILE", otherKey.toString());

        Result result = run(env, "--check");

        assertThat(result.status()).as(result.output()).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(result.output()).contains("Invalid configuration: server.tls.privateKeyFile: " + otherKey
                + " is not the key of the first certificate");
    }

    private Map<String, String> tlsEnvironment(X509Bundle server) {
        Path cert = TestPki.writeChain(dir.resolve("tls.crt"), server);
        Path key = TestPki.writeKey(dir.resolve("tls.key"), server, TestPki.KeyFormat.PKCS8);
        return Map.of("SCIM_ROUTER_SERVER_PORT", "0", "SCIM_ROUTER_ADMIN_PORT", "-1",
                "SCIM_ROUTER_SERVER_TLS_CERTIFICATE_FILE", cert.toString(),
                "SCIM_ROUTER_SERVER_TLS_PRIVATE_KEY_FILE", key.toString());
    }

    private static int awaitListening(Child child) throws InterruptedException {
        return Integer.parseInt(child.awaitLine(Pattern.compile(
                "scim-tenant-router listening on 127\\.0\\.0\\.1:(\\d+)")).group(1));
    }

    /** What {@code curl --cacert ca.crt -H 'Authorization: Bearer demo-token' https://...} does. */
    private static HttpResponse<String> httpsGetUsers(int port) throws Exception {
        URI users = URI.create("https://127.0.0.1:" + port + "/scim/v2/demo/dev/v2/acme/Users");
        return https().send(HttpRequest.newBuilder(users).header("Authorization", "Bearer demo-token")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client trusting the test CA only. */
    private static HttpClient https() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestPki.clientContext(TLS_CA, null)).build();
    }

    private record Result(int status, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        return run(List.of(), env, args);
    }

    private Result run(List<String> jvmOptions, Map<String, String> env, String... args) throws Exception {
        Child child = start(jvmOptions, env, args);
        assertThat(child.process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).as("exits in time").isTrue();
        child.reader.join(EXIT_WAIT.toMillis());
        return new Result(child.process.exitValue(), child.output());
    }

    private Child start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    private Child start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the variables of this test: an override inherited from the developer's shell would change the result
        builder.environment().keySet().removeIf(name -> name.startsWith("SCIM_ROUTER_"));
        builder.environment().putAll(new HashMap<>(env));
        Child child = new Child(builder.start());
        children.add(child);
        return child;
    }

    /** A child JVM whose output (stdout and stderr) is collected line by line by a reader thread. */
    private static final class Child {
        final Process process;
        final Thread reader;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();

        Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::collect, "main-test-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void collect() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    all.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was destroyed
            }
        }

        String output() {
            return all.toString();
        }

        /** The first further line matching {@code pattern}, within the exit wait. */
        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            throw new AssertionError("no line matching " + pattern + " in:\n" + output());
        }
    }
}
