package io.scimrouter;

import io.scimrouter.config.ConfigException;
import io.scimrouter.config.ConfigLoader;
import io.scimrouter.config.RouterConfig;
import io.scimrouter.lifecycle.Signals;
import io.scimrouter.tls.TlsFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry point: load and validate the configuration, start the router, drain it on SIGTERM or SIGINT
 * (a second signal stops at once). Exit status: 0 after a drain, 1 when the router cannot start (one line, no stack
 * trace), 2 for an invalid configuration.
 */
@Command(name = "scim-tenant-router", mixinStandardHelpOptions = true, version = "scim-tenant-router 0.1.0",
        description = {
            "Routes SCIM 2.0 traffic for the /v2 and /v2/{tenant} URL forms to a legacy SCIM service.",
            "Without backend.url it starts an embedded demo SCIM service to try it out.",
            "Every configuration key can be overridden by an environment variable: SCIM_ROUTER_ plus the key in",
            "UPPER_SNAKE case, e.g. SCIM_ROUTER_BACKEND_URL for backend.url (see docs/CONFIGURATION.md)."})
public final class Main implements Callable<Integer> {
    /** Exit status for an invalid configuration. */
    public static final int EXIT_INVALID_CONFIG = 2;
    public static final int EXIT_START_FAILED = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (default: built-in "
            + "defaults, see config/default.yaml)")
    private Path configFile;

    @Option(names = "--check", description = "Validate the configuration and exit")
    private boolean checkOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RouterConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
            TlsFiles.check(config); // a certificate or key that does not parse is a configuration error too
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            return EXIT_INVALID_CONFIG;
        }
        if (checkOnly) {
            System.out.println("Configuration is valid.");
            return 0;
        }
        LogLevels.apply(config.log().level());
        Signals signals = Signals.install();
        Router router = new Router(config);
        if (configFile != null) {
            router.configFile(configFile, System.getenv()); // watched, and reloaded on POST /config/reload
        }
        try {
            router.start();
        } catch (StartException e) {
            System.err.println("Cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        } catch (RuntimeException e) {
            System.err.println("Cannot start: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return EXIT_START_FAILED;
        }
        // standard output carries the access log only; the banner goes with the application log
        printBanner(System.err, config, router);
        if (signals.viaShutdownHook()) {
            CountDownLatch drained = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                drainQuietly(router, "shutdown");
                drained.countDown();
            }, "router-drain"));
            drained.await();
            return 0;
        }
        // any other way out of the JVM (SIGHUP, an error) still closes the listeners
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "router-shutdown"));
        String signal = signals.awaitFirst();
        router.drain(signal);
        return 0;
    }

    private static void drainQuietly(Router router, String why) {
        try {
            router.drain(why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            router.close();
        }
    }

    static void printBanner(PrintStream out, RouterConfig config, Router router) {
        String host = config.server().host();
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        String scheme = config.server().tls().enabled() ? "https" : "http";
        String base = scheme + "://" + (shown.indexOf(':') >= 0 ? "[" + shown + "]" : shown) + ":" + router.port()
                + config.routing().basePath();
        out.println();
        out.println("scim-tenant-router listening on " + host + ":" + router.port()
                + (router.adminPort() >= 0 ? ", admin on " + config.admin().host() + ":" + router.adminPort() : ""));
        out.println("legacy backend: " + router.backendUrl()
                + (router.embeddedDemo() ? " (embedded demo SCIM service)" : ""));
        if (router.tls() != null) {
            out.println("TLS: " + router.tls().provider() + ", certificate " + router.tls().certificate());
        }
        if (router.embeddedDemo()) {
            String auth = " -H 'Authorization: Bearer demo-token'";
            out.println();
            out.println("Try it:");
            out.println("  curl -s" + auth + " " + base + "/demo/dev/Users                 # legacy form");
            out.println("  curl -s" + auth + " " + base + "/demo/dev/v2/Users              # default tenant");
            out.println("  curl -s" + auth + " -H 'Content-Type: application/scim+json' -d '{\"schemas\":"
                    + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bjensen\"}' " + base
                    + "/demo/dev/v2/acme/Users   # create in tenant acme");
            out.println("  curl -s" + auth + " '" + base
                    + "/demo/dev/v2/acme/Users?filter=userName%20eq%20%22bjensen%22'");
            out.println("  curl -s" + auth + " " + base + "/demo/dev/v2/globex/Users       # tenant globex: empty");
            if (router.tls() != null) {
                out.println("  (with --cacert CA.pem when the certificate's CA is not in your system's trust store)");
            }
        }
        out.println();
        out.flush();
    }
}
