package io.scimrouter.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.scimrouter.deploy.Yamls.at;
import static io.scimrouter.deploy.Yamls.listAt;
import static io.scimrouter.deploy.Yamls.map;
import static io.scimrouter.deploy.Yamls.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes} against the router they deploy ({@link ManifestRules}):
 * every file parses, the kustomizations list what exists, the router accepts the ConfigMap and variables it is given,
 * probes and ports name its real admin endpoints and listeners, the grace period covers the drain, images are the
 * project's or the documented placeholder. Each rule is also shown to catch a broken copy.
 */
class KubernetesManifestsTest {
    static final Path ROOT = repoRoot();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

    @TempDir
    Path scratch;
    private ManifestRules rules;

    @BeforeEach
    void rules() {
        rules = new ManifestRules(dockerfileRouterEnv(), launcherJavaOpts(), projectVersion(), scratch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sidecar", "gateway"})
    void shippedKustomization_meetsEveryRule(String name) {
        Kustomization kustomization = Kustomization.load(KUBERNETES.resolve(name));

        assertThat(kustomization.ofKind("Deployment")).hasSize(1);
        assertThat(rules.check(kustomization)).isEmpty();
    }

    @Test
    void everyManifestFile_parses_asKubernetesObjects() throws IOException {
        List<Path> files;
        try (var walk = Files.walk(KUBERNETES)) {
            files = walk.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            List<Object> documents = Kustomization.parseAll(file);
            assertThat(documents).as(file.toString()).isNotEmpty();
            for (Object document : documents) {
                assertThat(map(document)).as(file.toString()).containsKeys("apiVersion", "kind");
            }
        }
    }

    @Test
    void sidecar_exposesOnlyTheRouter_theScimServiceOnLoopback() {
        Kustomization sidecar = Kustomization.load(KUBERNETES.resolve("sidecar"));
        Map<String, Object> pod = mapAt(sidecar.ofKind("Deployment").get(0), "spec", "template", "spec");

        List<Object> containers = listAt(pod, "containers");
        assertThat(containers).extracting(container -> at(container, "image"))
                .containsExactlyInAnyOrder(ManifestRules.ROUTER_IMAGE, ManifestRules.PLACEHOLDER_IMAGE);
        Object scim = containers.stream()
                .filter(container -> ManifestRules.PLACEHOLDER_IMAGE.equals(at(container, "image")))
                .findFirst().orElseThrow();
        assertThat(listAt(scim, "ports")).isEmpty();
        assertThat(sidecar.ofKind("Service")).singleElement()
                .satisfies(service -> assertThat(listAt(service, "spec", "ports"))
                        .extracting(port -> at(port, "targetPort")).containsExactly("http"));
        String config = (String) at(sidecar.ofKind("ConfigMap").get(0), "data", "router.yaml");
        assertThat(config).contains("url: http://127.0.0.1:8081");
    }

    @Test
    void gateway_hasTheTenantAwareUpstream_autoscaler_budget_andHeadlessPeers() {
        Kustomization gateway = Kustomization.load(KUBERNETES.resolve("gateway"));

        String config = (String) at(gateway.ofKind("ConfigMap").get(0), "data", "router.yaml");
        assertThat(config).contains("tenantAwareUrl: http://");
        assertThat(gateway.ofKind("HorizontalPodAutoscaler")).hasSize(1);
        assertThat(gateway.ofKind("PodDisruptionBudget")).hasSize(1);
        assertThat(gateway.ofKind("Service")).extracting(service -> at(service, "spec", "clusterIP"))
                .containsExactlyInAnyOrder(null, "None");
    }

    @Test
    void readme_namesThePlaceholderImage_andTheSecretsTheManifestsRead() throws IOException {
        String readme = Files.readString(KUBERNETES.resolve("README.md"));

        assertThat(readme).contains(ManifestRules.PLACEHOLDER_IMAGE, "kubectl apply -k");
        for (String name : List.of("sidecar", "gateway")) {
            for (Map<String, Object> deployment : Kustomization.load(KUBERNETES.resolve(name))
                    .ofKind("Deployment")) {
                for (Object container : listAt(deployment, "spec", "template", "spec", "containers")) {
                    for (Object variable : listAt(container, "env")) {
                        Object key = at(variable, "valueFrom", "secretKeyRef", "key");
                        if (key != null) {
                            assertThat(readme).as("README creates the Secret key " + key)
                                    .contains("--from-literal=" + key + "=");
                        }
                    }
                }
            }
        }
    }

    @Test
    void dockerImage_runsTheLauncher_asTheManifestsUser_withOciLabels() {
        String dockerfile = read(ROOT.resolve("Dockerfile")).replace("\\\n", " ");

        assertThat(dockerfile).contains("ARG VERSION=" + projectVersion() + "\n")
                .contains("COPY --chmod=0755 bin/scim-tenant-router /app/bin/scim-tenant-router")
                .contains("/app/lib/scim-tenant-router.jar")
                .containsPattern("(?m)^ENTRYPOINT \\[\"/app/bin/scim-tenant-router\"]$")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^HEALTHCHECK .* CMD \\[");
        for (String label : List.of("title", "description", "version", "revision", "source", "licenses")) {
            assertThat(dockerfile).contains("org.opencontainers.image." + label + "=");
        }
        for (String name : List.of("sidecar", "gateway")) {
            Object pod = at(Kustomization.load(KUBERNETES.resolve(name)).ofKind("Deployment").get(0),
                    "spec", "template", "spec");
            Object router = listAt(pod, "containers").stream()
                    .filter(container -> ManifestRules.ROUTER_IMAGE.equals(at(container, "image")))
                    .findFirst().orElseThrow();
            Object user = at(router, "securityContext", "runAsUser");
            assertThat(user != null ? user : at(pod, "securityContext", "runAsUser")).as(name).isEqualTo(10001);
        }
    }

    // A broken copy of the sidecar, one fault each: the rules must say what is wrong.

    @Test
    void probeOnAPathTheRouterDoesNotServe_isCaught() {
        assertThat(brokenSidecar(router -> mapAt(router, "readinessProbe", "httpGet").put("path", "/healthz")))
                .anySatisfy(problem -> assertThat(problem).contains("readinessProbe asks /healthz"));
    }

    @Test
    void probeOnTheClientPort_isCaught() {
        assertThat(brokenSidecar(router -> mapAt(router, "livenessProbe", "httpGet").put("port", "http")))
                .anySatisfy(problem -> assertThat(problem).contains("livenessProbe port http is not the admin port"));
    }

    @Test
    void containerPortThatIsNotTheConfiguredListener_isCaught() {
        assertThat(brokenSidecar(router -> map(listAt(router, "ports").get(1)).put("containerPort", 9091)))
                .anySatisfy(problem -> assertThat(problem).contains("container ports"));
    }

    @Test
    void unknownVariable_isCaught_byTheRealConfigLoader() {
        assertThat(brokenSidecar(router -> listAt(router, "env").add(
                new LinkedHashMap<>(Map.of("name", "SCIM_ROUTER_SERVER_PROT", "value", "8080")))))
                .anySatisfy(problem -> assertThat(problem).contains("SCIM_ROUTER_SERVER_PROT"));
    }

    @Test
    void gracePeriodShorterThanTheDrain_isCaught() {
        assertThat(brokenSidecar(router -> { }, pod -> pod.put("terminationGracePeriodSeconds", 30)))
                .anySatisfy(problem -> assertThat(problem).contains("terminationGracePeriodSeconds 30"));
    }

    @Test
    void scimServiceStoppingBeforeTheRoutersDrainEnds_isCaught() {
        assertThat(brokenSidecar(router -> { }, pod -> map(listAt(pod, "containers").get(0)).remove("lifecycle")))
                .anySatisfy(problem -> assertThat(problem).contains("must outlive the router's drain"));
    }

    @Test
    void writableRoot_andNoTmpVolume_areCaught() {
        assertThat(brokenSidecar(router -> {
            map(router.get("securityContext")).put("readOnlyRootFilesystem", false);
            listAt(router, "volumeMounts").removeIf(mount -> "/tmp".equals(at(mount, "mountPath")));
        })).anySatisfy(problem -> assertThat(problem).contains("not read-only"))
                .anySatisfy(problem -> assertThat(problem).contains("no emptyDir at /tmp"));
    }

    @Test
    void memoryLimitBelowTheJvmsHeapAndDirectMemory_isCaught() {
        assertThat(brokenSidecar(router -> {
            mapAt(router, "resources", "limits").put("memory", "64Mi");
            mapAt(router, "resources", "requests").put("memory", "64Mi");
        })).anySatisfy(problem -> assertThat(problem).contains("memory limit 64Mi"));
    }

    @Test
    void memoryLimitBelowEveryCapReachedAtOnce_isCaught() {
        // the launcher's caps: heap 64 + direct 32 + code cache 40 + metaspace 64 + the JVM's own 72 = 272 MiB
        assertThat(brokenSidecar(router -> mapAt(router, "resources", "limits").put("memory", "271Mi")))
                .anySatisfy(problem -> assertThat(problem).contains("memory limit 271Mi")
                        .contains("272 MiB").contains("ReservedCodeCacheSize 40").contains("MaxMetaspaceSize 64"));
        assertThat(changedSidecar(router -> mapAt(router, "resources", "limits").put("memory", "272Mi"), pod -> { }))
                .isEmpty();
    }

    @Test
    void codeCacheOrMetaspaceWithoutACap_isCaught() {
        assertThat(brokenSidecar(router -> listAt(router, "env").add(new LinkedHashMap<>(Map.of(
                "name", "JAVA_OPTS", "value", "-Xmx64m -XX:MaxDirectMemorySize=32m -XX:ReservedCodeCacheSize=40m "
                        + "-Dio.netty.allocator.lowMemory=false")))))
                .anySatisfy(problem -> assertThat(problem).contains("without a cap"));
    }

    @Test
    void smallHeapWithoutTheAllocatorOption_isCaught() {
        assertThat(brokenSidecar(router -> listAt(router, "env").add(new LinkedHashMap<>(Map.of(
                "name", "JAVA_OPTS", "value", "-Xmx128m -XX:MaxDirectMemorySize=32m")))))
                .anySatisfy(problem -> assertThat(problem).contains("low-memory mode")
                        .contains("-Dio.netty.allocator.lowMemory=false"));
        assertThat(brokenSidecar(router -> listAt(router, "env").add(new LinkedHashMap<>(Map.of(
                "name", "JAVA_OPTS", "value", "-Xmx600m -XX:MaxDirectMemorySize=32m")))))
                .noneSatisfy(problem -> assertThat(problem).contains("low-memory mode"));
    }

    @Test
    void configMountedWithSubPath_orAnImageThatIsNeitherOurs_areCaught() {
        assertThat(brokenSidecar(router -> map(listAt(router, "volumeMounts").get(0)).put("subPath", "router.yaml"),
                pod -> map(listAt(pod, "containers").get(0)).put("image", "nginx:latest")))
                .anySatisfy(problem -> assertThat(problem).contains("subPath"))
                .anySatisfy(problem -> assertThat(problem).contains("image nginx:latest"));
    }

    @Test
    void configurationKeyTheRouterDoesNotKnow_isCaught() {
        Kustomization sidecar = Kustomization.load(KUBERNETES.resolve("sidecar"));
        List<Map<String, Object>> documents = Yamls.copy(sidecar.documents());
        Map<String, Object> data = mapAt(documents.stream().filter(doc -> "ConfigMap".equals(doc.get("kind")))
                .findFirst().orElseThrow(), "data");
        data.put("router.yaml", data.get("router.yaml") + "metrics:\n  tenantLabels: true\n");

        assertThat(rules.check(sidecar.withDocuments(documents)))
                .anySatisfy(problem -> assertThat(problem).contains("refuses its configuration")
                        .contains("tenantLabels"));
    }

    @Test
    void jvmOption_readsTheLastOccurrence_inBytes() {
        assertThat(ManifestRules.jvmOption("-Xmx64m -Xss512k -Xmx96m", "-Xmx")).isEqualTo(96L << 20);
        assertThat(ManifestRules.jvmOption("-XX:MaxDirectMemorySize=1g", "-XX:MaxDirectMemorySize="))
                .isEqualTo(1L << 30);
        assertThat(ManifestRules.jvmOption("-Xms64m", "-Xmx")).isEqualTo(-1);
        assertThat(Quantities.bytes("192Mi")).isEqualTo(192L << 20);
        assertThat(Quantities.bytes("200M")).isEqualTo(200_000_000L);
    }

    private List<String> brokenSidecar(Consumer<Map<String, Object>> routerChange) {
        return brokenSidecar(routerChange, pod -> { });
    }

    /** The sidecar's problems after changing a copy of its router container and its pod; there must be some. */
    private List<String> brokenSidecar(Consumer<Map<String, Object>> routerChange,
            Consumer<Map<String, Object>> podChange) {
        List<String> problems = changedSidecar(routerChange, podChange);
        assertThat(problems).isNotEmpty();
        return problems;
    }

    /** The sidecar's problems after changing a copy of its router container and its pod. */
    private List<String> changedSidecar(Consumer<Map<String, Object>> routerChange,
            Consumer<Map<String, Object>> podChange) {
        Kustomization sidecar = Kustomization.load(KUBERNETES.resolve("sidecar"));
        List<Map<String, Object>> documents = Yamls.copy(sidecar.documents());
        Map<String, Object> deployment = documents.stream().filter(doc -> "Deployment".equals(doc.get("kind")))
                .findFirst().orElseThrow();
        Map<String, Object> pod = mapAt(deployment, "spec", "template", "spec");
        Map<String, Object> router = listAt(pod, "containers").stream().map(Yamls::map)
                .filter(container -> ManifestRules.ROUTER_IMAGE.equals(container.get("image")))
                .findFirst().orElseThrow();
        routerChange.accept(router);
        podChange.accept(pod);

        return rules.check(sidecar.withDocuments(documents));
    }

    /** The {@code SCIM_ROUTER_*} variables the Docker image sets, which every pod's router starts with. */
    static Map<String, String> dockerfileRouterEnv() {
        Matcher assignment = Pattern.compile("(SCIM_ROUTER_[A-Z0-9_]+)=(\\S+)").matcher(envInstructions());
        Map<String, String> env = new LinkedHashMap<>();
        while (assignment.find()) {
            env.put(assignment.group(1), assignment.group(2));
        }
        assertThat(env).containsKeys("SCIM_ROUTER_SERVER_HOST", "SCIM_ROUTER_ADMIN_HOST");
        return env;
    }

    /** The text of the Dockerfile's ENV instructions, continuation lines joined. */
    private static String envInstructions() {
        String dockerfile = read(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
        List<String> env = new ArrayList<>();
        dockerfile.lines().filter(line -> line.startsWith("ENV ")).forEach(env::add);
        return String.join("\n", env);
    }

    /** The JVM options of bin/scim-tenant-router, which the image runs. */
    static String launcherJavaOpts() {
        Matcher options = Pattern.compile("(?m)^DEFAULT_JAVA_OPTS='([^']*)'")
                .matcher(read(ROOT.resolve("bin/scim-tenant-router")));
        assertThat(options.find()).as("DEFAULT_JAVA_OPTS in bin/scim-tenant-router").isTrue();
        return options.group(1).replaceAll("\\s+", " ").trim();
    }

    static String projectVersion() {
        // the parent pom has no parent of its own: its first version is the project's
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(read(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/kubernetes not found above " + Path.of("").toAbsolutePath());
    }
}
