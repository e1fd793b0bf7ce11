package io.scimrouter.deploy;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.config.RouterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.scimrouter.deploy.Yamls.at;
import static io.scimrouter.deploy.Yamls.list;
import static io.scimrouter.deploy.Yamls.listAt;
import static io.scimrouter.deploy.Yamls.map;
import static io.scimrouter.deploy.Yamls.mapAt;

/**
 * What must hold for a kustomization directory of the router's manifests, as a list of problems (empty: fine). The
 * router's configuration is read from its ConfigMap and environment through the real {@link ConfigLoader}, with the
 * Docker image's {@code SCIM_ROUTER_*} variables under the container's own, as the pod would run it.
 */
final class ManifestRules {
    static final String ROUTER_IMAGE = "scim-tenant-router";
    static final String PLACEHOLDER_IMAGE = "registry.example.com/legacy-scim-service:CHANGE-ME";
    static final Set<String> PROBE_PATHS = Set.of("/livez", "/readyz");
    /** What a JVM needs between the end of the drain and its exit (docs/OPERATIONS.md: "a few seconds"). */
    static final int JVM_EXIT_SECONDS = 2;
    /** Netty's AdaptivePoolingAllocator takes a JVM whose maximum heap is at most this for a low-memory machine. */
    static final long LOW_MEMORY_HEAP = 512L << 20;
    /**
     * The JVM's memory beyond the four caps it can be given (heap, direct memory, code cache, metaspace), read off
     * the router under the soak (native memory tracking's summary and VmRSS after an hour at 500 req/s): resident
     * memory 46 MiB above everything tracking counts as committed (the JVM's own code, shared libraries, malloc's
     * spare arenas), and 20 MiB of tracked categories outside the caps (the class data archive 12, symbols 4,
     * threads, GC, tracking itself); 72 MiB leaves a little room.
     */
    static final long JVM_OWN_MEMORY = 72L << 20;
    /** A secret's value is not in the manifests; a stand-in long enough for the admin token's minimum. */
    static final String SECRET_STAND_IN = "secret-from-the-kubernetes-secret";

    private final Map<String, String> imageEnv;
    private final String launcherJavaOpts;
    private final String projectVersion;
    private final Path scratch;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param imageEnv         the {@code SCIM_ROUTER_*} variables the Dockerfile sets
     * @param launcherJavaOpts the JVM options the image's launcher uses when {@code JAVA_OPTS} is not set
     * @param projectVersion   the Maven version, which the kustomization's image tag must name
     * @param scratch          a directory for the ConfigMaps' files
     */
    ManifestRules(Map<String, String> imageEnv, String launcherJavaOpts, String projectVersion, Path scratch) {
        this.imageEnv = imageEnv;
        this.launcherJavaOpts = launcherJavaOpts;
        this.projectVersion = projectVersion;
        this.scratch = scratch;
    }

    List<String> check(Kustomization kustomization) {
        problems.clear();
        checkKustomization(kustomization);
        List<Map<String, Object>> deployments = kustomization.ofKind("Deployment");
        if (deployments.isEmpty()) {
            problems.add("no Deployment");
        }
        deployments.forEach(deployment -> checkDeployment(kustomization, deployment));
        kustomization.ofKind("Service").forEach(service -> checkService(kustomization, service));
        kustomization.ofKind("HorizontalPodAutoscaler").forEach(hpa -> checkAutoscaler(kustomization, hpa));
        kustomization.ofKind("PodDisruptionBudget").forEach(pdb -> checkSelectsADeployment(kustomization, pdb,
                mapAt(pdb, "spec", "selector", "matchLabels")));
        return List.copyOf(problems);
    }

    private void checkKustomization(Kustomization kustomization) {
        Set<String> listed = new java.util.HashSet<>();
        for (Object resource : list(kustomization.spec().get("resources"))) {
            listed.add((String) resource);
            if (!Files.isRegularFile(kustomization.dir().resolve((String) resource))) {
                problems.add("kustomization.yaml: resource " + resource + " does not exist");
            }
        }
        try (var files = Files.list(kustomization.dir())) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .filter(name -> !listed.contains(name))
                    .forEach(name -> problems.add("kustomization.yaml does not list " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Object image : list(kustomization.spec().get("images"))) {
            if (!ROUTER_IMAGE.equals(at(image, "name"))) {
                problems.add("kustomization.yaml: image " + at(image, "name") + " is not the router's");
            } else if (!projectVersion.equals(String.valueOf(at(image, "newTag")))) {
                problems.add("kustomization.yaml: the router's tag " + at(image, "newTag") + " is not the project's "
                        + "version " + projectVersion);
            }
        }
    }

    private void checkDeployment(Kustomization kustomization, Map<String, Object> deployment) {
        String name = (String) at(deployment, "metadata", "name");
        Map<String, Object> pod = mapAt(deployment, "spec", "template", "spec");
        if (!mapAt(deployment, "spec", "template", "metadata", "labels").entrySet()
                .containsAll(mapAt(deployment, "spec", "selector", "matchLabels").entrySet())) {
            problems.add(name + ": the selector does not match the pod's labels");
        }
        List<Map<String, Object>> routers = new ArrayList<>();
        List<Map<String, Object>> others = new ArrayList<>();
        for (Object item : listAt(pod, "containers")) {
            Map<String, Object> container = map(item);
            String image = (String) container.get("image");
            if (ROUTER_IMAGE.equals(image)) {
                routers.add(container);
            } else {
                others.add(container);
                if (!PLACEHOLDER_IMAGE.equals(image)) {
                    problems.add(name + ": image " + image + " is neither " + ROUTER_IMAGE + " nor the documented "
                            + "placeholder " + PLACEHOLDER_IMAGE);
                }
            }
        }
        if (routers.size() != 1) {
            problems.add(name + ": " + routers.size() + " router containers, expected 1");
            return;
        }
        Map<String, Object> router = routers.get(0);
        RouterConfig config = routerConfig(kustomization, name, pod, router);
        if (config == null) {
            return;
        }
        checkListeners(name, config, router);
        checkGracePeriod(name, config, pod, router, others);
        checkSecurity(name, pod, router);
        checkMemory(name, router);
    }

    /** The configuration the router in this container would run with, or null (and a problem) when it fails. */
    private RouterConfig routerConfig(Kustomization kustomization, String deployment, Map<String, Object> pod,
            Map<String, Object> router) {
        List<Object> args = listAt(router, "args");
        int flag = args.indexOf("--config");
        if (flag < 0 || flag + 1 >= args.size()) {
            problems.add(deployment + ": the router is not given --config FILE");
            return null;
        }
        Path file = Path.of((String) args.get(flag + 1));
        String text = configMapFile(kustomization, deployment, pod, router, file);
        if (text == null) {
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        for (Object item : listAt(router, "env")) {
            String variable = (String) at(item, "name");
            Object value = at(item, "value");
            if (value != null) {
                env.put(variable, String.valueOf(value));
            } else if (at(item, "valueFrom", "secretKeyRef") != null) {
                env.put(variable, SECRET_STAND_IN);
            } else {
                problems.add(deployment + ": " + variable + " has neither a value nor a secretKeyRef");
            }
        }
        try {
            Path copy = Files.writeString(Files.createTempFile(scratch, deployment, ".yaml"), text);
            return ConfigLoader.load(copy, env);
        } catch (ConfigException e) {
            problems.add(deployment + ": the router refuses its configuration: " + e.getMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the ConfigMap key mounted at {@code file}; the mount must be a whole directory (live reload). */
    private String configMapFile(Kustomization kustomization, String deployment, Map<String, Object> pod,
            Map<String, Object> router, Path file) {
        for (Object item : listAt(router, "volumeMounts")) {
            Path mountPath = Path.of((String) at(item, "mountPath"));
            if (!file.startsWith(mountPath)) {
                continue;
            }
            if (at(item, "subPath") != null) {
                problems.add(deployment + ": the configuration is mounted with subPath, which the kubelet never "
                        + "updates");
            }
            String volume = (String) at(item, "name");
            Object configMapName = listAt(pod, "volumes").stream()
                    .filter(candidate -> volume.equals(at(candidate, "name")))
                    .map(candidate -> at(candidate, "configMap", "name")).filter(Objects::nonNull).findFirst()
                    .orElse(null);
            if (configMapName == null) {
                problems.add(deployment + ": " + file + " is not on a ConfigMap volume");
                return null;
            }
            String key = mountPath.relativize(file).toString();
            Object text = kustomization.find("ConfigMap", (String) configMapName)
                    .map(configMap -> at(configMap, "data", key)).orElse(null);
            if (text == null) {
                problems.add(deployment + ": ConfigMap " + configMapName + " in this kustomization has no key "
                        + key);
            }
            return (String) text;
        }
        problems.add(deployment + ": no volume is mounted where --config " + file + " points");
        return null;
    }

    private void checkListeners(String deployment, RouterConfig config, Map<String, Object> router) {
        Map<String, Integer> ports = new HashMap<>();
        for (Object item : listAt(router, "ports")) {
            ports.put((String) at(item, "name"), (Integer) at(item, "containerPort"));
        }
        Map<String, Integer> expected = Map.of("http", config.server().port(), "admin", config.admin().port());
        if (!ports.equals(expected)) {
            problems.add(deployment + ": container ports " + ports + ", the configuration listens on " + expected);
        }
        for (String address : List.of(config.server().host(), config.admin().host())) {
            if (address.startsWith("127.") || address.equals("::1") || address.equals("localhost")) {
                problems.add(deployment + ": a listener binds " + address + ", which the kubelet and the Service "
                        + "cannot reach");
            }
        }
        checkProbe(deployment, router, "readinessProbe", "/readyz", config.admin().port(), ports, true);
        checkProbe(deployment, router, "livenessProbe", "/livez", config.admin().port(), ports, true);
        checkProbe(deployment, router, "startupProbe", null, config.admin().port(), ports, false);
    }

    private void checkProbe(String deployment, Map<String, Object> router, String probe, String expectedPath,
            int adminPort, Map<String, Integer> ports, boolean required) {
        Map<String, Object> get = mapAt(router, probe, "httpGet");
        if (get.isEmpty()) {
            if (required) {
                problems.add(deployment + ": the router has no " + probe + " with httpGet");
            }
            return;
        }
        Object path = get.get("path");
        if (!PROBE_PATHS.contains(path) || expectedPath != null && !expectedPath.equals(path)) {
            problems.add(deployment + ": " + probe + " asks " + path + ", the admin listener answers "
                    + (expectedPath == null ? PROBE_PATHS : expectedPath));
        }
        Object port = get.get("port");
        Integer number = port instanceof Integer n ? n : ports.get(String.valueOf(port));
        if (number == null || number != adminPort) {
            problems.add(deployment + ": " + probe + " port " + port + " is not the admin port " + adminPort);
        }
    }

    private void checkGracePeriod(String deployment, RouterConfig config, Map<String, Object> pod,
            Map<String, Object> router, List<Map<String, Object>> others) {
        Object grace = pod.get("terminationGracePeriodSeconds");
        if (!(grace instanceof Integer graceSeconds)) {
            problems.add(deployment + ": no terminationGracePeriodSeconds (the default 30 is the drain timeout)");
            return;
        }
        Duration drain = config.server().drain().delay().plus(config.server().drain().timeout());
        long routerDone = preStopSleep(router) + ceilSeconds(drain);
        if (graceSeconds < routerDone + JVM_EXIT_SECONDS) {
            problems.add(deployment + ": terminationGracePeriodSeconds " + grace + " is not above preStop "
                    + preStopSleep(router) + " s + server.drain.delay + server.drain.timeout (" + drain.toSeconds()
                    + " s) + " + JVM_EXIT_SECONDS + " s for the JVM to exit");
        }
        for (Map<String, Object> backend : others) {
            long sleep = preStopSleep(backend);
            if (sleep < routerDone || sleep >= graceSeconds) {
                problems.add(deployment + ": container " + backend.get("name") + " gets SIGTERM after its preStop "
                        + "of " + sleep + " s; it must outlive the router's drain (" + routerDone + " s) and end "
                        + "within the grace period (" + grace + " s)");
            }
        }
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    /** The seconds of a {@code preStop} that sleeps ({@code exec: sleep N} or Kubernetes 1.30's {@code sleep}). */
    static long preStopSleep(Map<String, Object> container) {
        Object seconds = at(container, "lifecycle", "preStop", "sleep", "seconds");
        if (seconds instanceof Integer n) {
            return n;
        }
        List<Object> command = listAt(container, "lifecycle", "preStop", "exec", "command");
        if (command.size() == 2 && "sleep".equals(command.get(0))) {
            return Long.parseLong(String.valueOf(command.get(1)));
        }
        return 0;
    }

    private void checkSecurity(String deployment, Map<String, Object> pod, Map<String, Object> router) {
        Map<String, Object> podContext = mapAt(pod, "securityContext");
        Map<String, Object> context = mapAt(router, "securityContext");
        Object nonRoot = context.getOrDefault("runAsNonRoot", podContext.get("runAsNonRoot"));
        Object user = context.getOrDefault("runAsUser", podContext.get("runAsUser"));
        if (!Boolean.TRUE.equals(nonRoot) || !(user instanceof Integer uid) || uid == 0) {
            problems.add(deployment + ": the router must run as a numeric non-root user with runAsNonRoot");
        }
        if (!Boolean.FALSE.equals(context.get("allowPrivilegeEscalation"))) {
            problems.add(deployment + ": allowPrivilegeEscalation is not false");
        }
        if (!listAt(context, "capabilities", "drop").contains("ALL")) {
            problems.add(deployment + ": capabilities do not drop ALL");
        }
        if (!Boolean.TRUE.equals(context.get("readOnlyRootFilesystem"))) {
            problems.add(deployment + ": the root filesystem is not read-only");
        }
        boolean tmpOnEmptyDir = listAt(router, "volumeMounts").stream()
                .filter(mount -> "/tmp".equals(at(mount, "mountPath")))
                .anyMatch(mount -> listAt(pod, "volumes").stream().anyMatch(volume ->
                        Objects.equals(at(volume, "name"), at(mount, "name")) && at(volume, "emptyDir") != null));
        if (!tmpOnEmptyDir) {
            problems.add(deployment + ": no emptyDir at /tmp, where netty-tcnative and epoll unpack their native "
                    + "libraries");
        }
    }

    /** Memory requested and limited, the limit above what the JVM may take with every cap reached at once. */
    private void checkMemory(String deployment, Map<String, Object> router) {
        Object request = at(router, "resources", "requests", "memory");
        Object limit = at(router, "resources", "limits", "memory");
        if (request == null || limit == null) {
            problems.add(deployment + ": the router's memory request or limit is missing");
            return;
        }
        String opts = launcherJavaOpts;
        for (Object item : listAt(router, "env")) {
            if ("JAVA_OPTS".equals(at(item, "name"))) {
                opts = String.valueOf(at(item, "value"));
            }
        }
        long heap = jvmOption(opts, "-Xmx");
        long direct = jvmOption(opts, "-XX:MaxDirectMemorySize=");
        if (heap < 0 || direct < 0) {
            problems.add(deployment + ": the router's JVM options (" + opts + ") leave the heap or direct memory "
                    + "unbounded");
            return;
        }
        if (heap <= LOW_MEMORY_HEAP && !List.of(opts.split("\\s+")).contains("-Dio.netty.allocator.lowMemory=false")) {
            problems.add(deployment + ": a heap of at most 512 MiB puts Netty's allocator in its low-memory mode "
                    + "(buffers above about 16 KiB unpooled); add -Dio.netty.allocator.lowMemory=false to " + opts);
        }
        long limitBytes = Quantities.bytes(String.valueOf(limit));
        if (Quantities.bytes(String.valueOf(request)) > limitBytes) {
            problems.add(deployment + ": memory request " + request + " above the limit " + limit);
        }
        long codeCache = jvmOption(opts, "-XX:ReservedCodeCacheSize=");
        long metaspace = jvmOption(opts, "-XX:MaxMetaspaceSize=");
        if (codeCache < 0 || metaspace < 0) {
            problems.add(deployment + ": the router's JVM options (" + opts + ") leave the code cache (240 MiB by "
                    + "default) or metaspace (unbounded by default) without a cap");
            return;
        }
        // the limit above every cap reached at once: reaching one is then the JVM's own failure (heap or metaspace:
        // it exits with ExitOnOutOfMemoryError; direct memory: the exchanges that needed it fail; code cache: the JIT
        // stops), never the kernel killing the container without a word
        long worstCase = heap + direct + codeCache + metaspace + JVM_OWN_MEMORY;
        if (limitBytes < worstCase) {
            problems.add(deployment + ": memory limit " + limit + " is below the JVM's caps reached at once ("
                    + (worstCase >> 20) + " MiB: -Xmx " + (heap >> 20) + ", MaxDirectMemorySize " + (direct >> 20)
                    + ", ReservedCodeCacheSize " + (codeCache >> 20) + ", MaxMetaspaceSize " + (metaspace >> 20)
                    + ", the JVM's own " + (JVM_OWN_MEMORY >> 20) + " MiB)");
        }
    }

    /** The size a JVM option sets ({@code -Xmx64m}, {@code -XX:MaxDirectMemorySize=32m}), -1 when absent. */
    static long jvmOption(String opts, String prefix) {
        Matcher option = Pattern.compile("(?:^|\\s)" + Pattern.quote(prefix) + "(\\d+)([kKmMgG]?)(?=\\s|$)")
                .matcher(opts);
        long value = -1;
        while (option.find()) {
            int shift = switch (option.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            value = Long.parseLong(option.group(1)) << shift;
        }
        return value;
    }

    private void checkService(Kustomization kustomization, Map<String, Object> service) {
        String name = (String) at(service, "metadata", "name");
        Map<String, Object> deployment = checkSelectsADeployment(kustomization, service,
                mapAt(service, "spec", "selector"));
        if (deployment == null) {
            return;
        }
        Set<Object> named = new java.util.HashSet<>();
        for (Object container : listAt(deployment, "spec", "template", "spec", "containers")) {
            for (Object port : listAt(container, "ports")) {
                named.add(at(port, "name"));
                named.add(at(port, "containerPort"));
            }
        }
        for (Object port : listAt(service, "spec", "ports")) {
            if (!named.contains(at(port, "targetPort"))) {
                problems.add("Service " + name + ": targetPort " + at(port, "targetPort") + " is no container port");
            }
        }
    }

    private Map<String, Object> checkSelectsADeployment(Kustomization kustomization, Map<String, Object> document,
            Map<String, Object> selector) {
        String what = document.get("kind") + " " + at(document, "metadata", "name");
        if (selector.isEmpty()) {
            problems.add(what + " selects nothing");
            return null;
        }
        return kustomization.ofKind("Deployment").stream()
                .filter(deployment -> mapAt(deployment, "spec", "template", "metadata", "labels").entrySet()
                        .containsAll(selector.entrySet()))
                .findFirst()
                .orElseGet(() -> {
                    problems.add(what + ": selector " + selector + " matches no Deployment's pods");
                    return null;
                });
    }

    private void checkAutoscaler(Kustomization kustomization, Map<String, Object> hpa) {
        if (!"autoscaling/v2".equals(hpa.get("apiVersion"))) {
            problems.add("HorizontalPodAutoscaler: apiVersion " + hpa.get("apiVersion") + ", not autoscaling/v2");
        }
        String target = (String) at(hpa, "spec", "scaleTargetRef", "name");
        Map<String, Object> deployment = "Deployment".equals(at(hpa, "spec", "scaleTargetRef", "kind"))
                ? kustomization.find("Deployment", target).orElse(null) : null;
        if (deployment == null) {
            problems.add("HorizontalPodAutoscaler: scaleTargetRef " + target + " is no Deployment here");
            return;
        }
        if (at(deployment, "spec", "replicas") != null) {
            problems.add("Deployment " + target + " sets replicas, which the autoscaler owns");
        }
        boolean onCpu = listAt(hpa, "spec", "metrics").stream()
                .anyMatch(metric -> "cpu".equals(at(metric, "resource", "name")));
        if (!onCpu) {
            problems.add("HorizontalPodAutoscaler: no CPU metric");
        }
        for (Object container : listAt(deployment, "spec", "template", "spec", "containers")) {
            if (at(container, "resources", "requests", "cpu") == null) {
                problems.add("Deployment " + target + ": container " + at(container, "name") + " requests no CPU, "
                        + "so CPU utilization is undefined");
            }
        }
    }
}
