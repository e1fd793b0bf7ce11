package io.scimrouter.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the load generator does.
 *
 * @param baseUrl      service root, e.g. {@code http://127.0.0.1:8080/scim/v2/p1/e1}
 * @param token        bearer token, or null for none
 * @param tenants      0: requests go to the base URL as it is; N: spread over {@code <base>/v2/<prefix>1..N}
 * @param rate         arrivals per second (open loop); 0 means closed loop, as fast as the connections allow
 * @param maxRequests  stop issuing after this many requests (warm-up included); Long.MAX_VALUE for no cap
 * @param timeout      per request, and the longest wait for answers after the last request was issued
 * @param tenantKeys   explicit tenant keys ({@code <base>/v2/<key>}); when not empty, used instead of
 *                     {@code tenants} and {@code tenantPrefix}
 * @param insecure     for https: accept any certificate (test certificates only)
 */
public record LoadOptions(
        URI baseUrl,
        String token,
        Scenario scenario,
        int tenants,
        String tenantPrefix,
        double rate,
        int connections,
        Duration warmup,
        Duration duration,
        long maxRequests,
        Duration timeout,
        List<String> tenantKeys,
        boolean insecure) {

    public LoadOptions(URI baseUrl, String token, Scenario scenario, int tenants, String tenantPrefix, double rate,
            int connections, Duration warmup, Duration duration, long maxRequests, Duration timeout) {
        this(baseUrl, token, scenario, tenants, tenantPrefix, rate, connections, warmup, duration, maxRequests,
                timeout, List.of(), false);
    }

    public LoadOptions {
        tenantKeys = List.copyOf(tenantKeys);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(tenantPrefix, "tenantPrefix");
        boolean web = "http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme());
        if (!web || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("base URL must be http(s)://host[:port]/path, got " + baseUrl);
        }
        if (tenants < 0 || connections < 1 || rate < 0 || maxRequests < 1) {
            throw new IllegalArgumentException("tenants >= 0, connections >= 1, rate >= 0, max requests >= 1");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero() || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive (warm-up may be zero)");
        }
    }

    /** Defaults for everything but the target: useful in tests and as the CLI's defaults. */
    public static LoadOptions defaults(URI baseUrl) {
        return new LoadOptions(baseUrl, null, Scenario.GET_USER, 0, "tenant-", 100, 16, Duration.ZERO,
                Duration.ofSeconds(30), Long.MAX_VALUE, Duration.ofSeconds(10));
    }

    public boolean openLoop() {
        return rate > 0;
    }

    public boolean https() {
        return "https".equals(baseUrl.getScheme());
    }

    public int port() {
        return baseUrl.getPort() > 0 ? baseUrl.getPort() : https() ? 443 : 80;
    }

    /** How many tenants requests are spread over; 0 for the plain base URL. */
    public int tenantCount() {
        return tenantKeys.isEmpty() ? tenants : tenantKeys.size();
    }

    /** Which tenant (0-based) request {@code sequence} goes to; 0 without tenants. */
    public int tenantIndex(long sequence) {
        return tenantCount() == 0 ? 0 : (int) (sequence % tenantCount());
    }

    /** The base path of every tenant in order, or the plain base path alone. */
    public List<String> basePaths() {
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(1, tenantCount()); i++) {
            paths.add(basePathFor(i));
        }
        return paths;
    }

    /** Host header value, as the user wrote it. */
    public String hostHeader() {
        return baseUrl.getRawAuthority();
    }

    /** Base path without trailing slash, for the tenant given (1-based), or the plain base when tenants == 0. */
    public String basePathFor(long sequence) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (tenantCount() == 0) {
            return path;
        }
        int index = tenantIndex(sequence);
        return path + "/v2/" + (tenantKeys.isEmpty() ? tenantPrefix + (index + 1) : tenantKeys.get(index));
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s %s, %s, %d connections, tenants=%d",
                scenario.cliName(), baseUrl, openLoop() ? "open loop at " + rate + "/s" : "closed loop",
                connections, tenantCount());
    }

    public LoadOptions withScenario(Scenario newScenario) {
        return new LoadOptions(baseUrl, token, newScenario, tenants, tenantPrefix, rate, connections, warmup,
                duration, maxRequests, timeout, tenantKeys, insecure);
    }

    public LoadOptions withRate(double newRate, int newConnections) {
        return new LoadOptions(baseUrl, token, scenario, tenants, tenantPrefix, newRate, newConnections, warmup,
                duration, maxRequests, timeout, tenantKeys, insecure);
    }

    public LoadOptions withBounds(Duration newWarmup, Duration newDuration, long newMaxRequests) {
        return new LoadOptions(baseUrl, token, scenario, tenants, tenantPrefix, rate, connections, newWarmup,
                newDuration, newMaxRequests, timeout, tenantKeys, insecure);
    }

    public LoadOptions withTenants(int newTenants, String newPrefix) {
        return new LoadOptions(baseUrl, token, scenario, newTenants, newPrefix, rate, connections, warmup,
                duration, maxRequests, timeout, tenantKeys, insecure);
    }

    public LoadOptions withTenantKeys(List<String> keys) {
        return new LoadOptions(baseUrl, token, scenario, tenants, tenantPrefix, rate, connections, warmup,
                duration, maxRequests, timeout, keys, insecure);
    }

    public LoadOptions withInsecure(boolean newInsecure) {
        return new LoadOptions(baseUrl, token, scenario, tenants, tenantPrefix, rate, connections, warmup,
                duration, maxRequests, timeout, tenantKeys, newInsecure);
    }
}
