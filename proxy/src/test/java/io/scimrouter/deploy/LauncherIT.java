package io.scimrouter.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimrouter.testing.JarProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production launcher and the image's health check against the built jar (failsafe: after package): the
 * launcher finds the jar, passes arguments through and starts the JVM with its options unless {@code JAVA_OPTS}
 * replaces them; the Dockerfile's HEALTHCHECK command, run as Docker would, tells a serving router from none.
 */
class LauncherIT {
    private static final Path LAUNCHER = KubernetesManifestsTest.ROOT.resolve("bin/scim-tenant-router");
    private static final Pattern BANNER = Pattern.compile(
            "scim-tenant-router listening on 127\\.0\\.0\\.1:(\\d+), admin on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void launcher_passesArgumentsThrough_withTheShippedJvmOptions() throws Exception {
        Result result = run(List.of("sh", LAUNCHER.toString(), "--version"),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal"));

        assertThat(result.status).as(result.output).isZero();
        assertThat(result.output).contains("scim-tenant-router 0.1.0")
                .containsPattern("\\bMaxHeapSize\\s+= " + (64L << 20) + "\\b")
                .containsPattern("\\bUseSerialGC\\s+= true\\b")
                .containsPattern("\\bMaxDirectMemorySize\\s+= " + (32L << 20) + "\\b");
    }

    @Test
    void javaOpts_replacesTheShippedOptions() throws Exception {
        Result result = run(List.of("sh", LAUNCHER.toString(), "--version"),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal", "JAVA_OPTS", "-Xmx48m"));

        assertThat(result.status).as(result.output).isZero();
        assertThat(result.output).containsPattern("\\bMaxHeapSize\\s+= " + (48L << 20) + "\\b")
                .doesNotContainPattern("\\bMaxDirectMemorySize\\s+= " + (32L << 20) + "\\b");
    }

    @Test
    void launcherAwayFromAnyJar_saysWhereItLooked() throws Exception {
        Path lonely = Files.createTempDirectory("launcher");
        Path copy = Files.copy(LAUNCHER, lonely.resolve("scim-tenant-router"));

        Result result = run(List.of("sh", copy.toString(), "--version"), Map.of());

        assertThat(result.status).isEqualTo(1);
        assertThat(result.output).contains("no scim-tenant-router.jar next to " + lonely.toRealPath());
    }

    @Test
    void dockerHealthcheck_passesOnTheAdminListener_failsElsewhere() throws Exception {
        List<String> command = healthcheckCommand();
        try (JarProcess jar = JarProcess.start(Map.of("SCIM_ROUTER_SERVER_PORT", "0",
                "SCIM_ROUTER_ADMIN_PORT", "0"))) {
            Matcher banner = jar.awaitStderr(BANNER);

            // as Docker does (start period, retries): the first check may meet a JVM still warming up on a busy
            // machine and time out in its read
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(run(command, Map.of("SCIM_ROUTER_ADMIN_PORT", banner.group(2))).status).isZero());
            // the client listener answers /livez with a SCIM 404: not healthy
            assertThat(run(command, Map.of("SCIM_ROUTER_ADMIN_PORT", banner.group(1))).status).isNotZero();
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String closed = String.valueOf(free.getLocalPort());
            free.close();
            assertThat(run(command, Map.of("SCIM_ROUTER_ADMIN_PORT", closed)).status).isNotZero();
        }
    }

    /** The exec-form command of the Dockerfile's HEALTHCHECK. */
    private static List<String> healthcheckCommand() throws IOException {
        String dockerfile = Files.readString(KubernetesManifestsTest.ROOT.resolve("Dockerfile")).replace("\\\n", " ");
        Matcher healthcheck = Pattern.compile("(?m)^HEALTHCHECK .*? CMD (\\[.*])$").matcher(dockerfile);
        assertThat(healthcheck.find()).as("HEALTHCHECK ... CMD [...] in the Dockerfile").isTrue();
        List<String> command = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(healthcheck.group(1))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                command.add(parser.getText());
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_ARRAY);
        }
        return command;
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SCIM_ROUTER_") || name.startsWith("JAVA"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited: " + command).isTrue();
        return new Result(process.exitValue(), output);
    }
}
