package io.scimrouter.bench.verify;

import io.scimrouter.bench.cli.DurationConverter;
import io.scimrouter.bench.cli.EmbeddedDemo;
import io.scimrouter.bench.cli.TokenOptions;
import io.scimrouter.bench.cli.UsageException;
import io.scimrouter.bench.http.ScimHttpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify}: does a deployment answer the same through every URL form, with tenants kept apart? */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Plays Entra ID and Okta provisioning sequences (and ETag, Bulk, error and isolation probes) through",
            "the legacy form, /v2 and /v2/{tenant} of one project and environment, and checks that every form",
            "answers like the legacy form once base URLs, ids, timestamps and versions are set aside; that every",
            "absolute URL is in the client's form and leads to the same resource; and that tenants are isolated.",
            "Everything it creates is deleted at the end, also after a failure.",
            "",
            "Without --base-url it starts the router with its embedded demo in this process (tenants acme and",
            "globex, token demo-token) and verifies that.",
            "",
            "Exit status: 0 every form answers the same, 1 a difference, 2 usage or connection error.",
            "",
            "Example: SCIM_TOKEN=... verify --base-url https://scim.example.com/scim/v2/p1/e1 --token-env SCIM_TOKEN",
            "         --tenant acme --tenant globex --out verify.json"})
public final class VerifyCommand implements Callable<Integer> {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "legacy base of one project and environment, e.g. https://host/scim/v2/p1/e1 "
                    + "(default: the embedded demo, started in this process)")
    private URI baseUrl;

    @Mixin
    private TokenOptions token = new TokenOptions();

    /** Refused: a token on the command line lands in the shell history and in ps output. */
    @Option(names = "--token", hidden = true)
    private String tokenOnCommandLine;

    @Option(names = "--tenant", paramLabel = "KEY",
            description = "a tenant to verify through /v2/KEY; once or twice (default with the demo: acme, globex)")
    private List<String> tenants = new ArrayList<>();

    @Option(names = "--insecure", description = "accept any TLS certificate (test certificates only)")
    private boolean insecure;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "per request (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the report as JSON to this file")
    private Path out;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (tokenOnCommandLine != null) {
            throw new UsageException("no --token: it would land in the shell history; use --token-env NAME or "
                    + "--token-file FILE");
        }
        EmbeddedDemo demo = null;
        try {
            String legacyBase;
            String bearer;
            List<String> keys;
            if (baseUrl == null) {
                if (token.given()) {
                    throw new UsageException("--token-env and --token-file need --base-url");
                }
                demo = EmbeddedDemo.start();
                legacyBase = demo.baseUrl().toString();
                bearer = EmbeddedDemo.TOKEN;
                keys = tenants.isEmpty() ? EmbeddedDemo.TENANTS : tenants;
                progress(stderr, "target: the embedded demo, router on " + legacyBase + " in this process");
            } else {
                legacyBase = legacyBase(baseUrl);
                bearer = token.resolve(System.getenv()).orElse(null);
                keys = tenants;
            }
            Verifier verifier = new Verifier(new Verifier.Target(legacyBase, tenantKeys(keys)),
                    new ScimHttpClient(bearer, insecure, timeout), line -> progress(stderr, line));
            VerifyReport report = runWithCleanup(verifier, stderr);
            stdout.print(VerifyReportFormat.table(report));
            stdout.print(VerifyReportFormat.findings(report));
            stdout.print(VerifyReportFormat.summary(report));
            stdout.flush();
            if (out != null) {
                VerifyReportFormat.writeJson(report, out);
            }
            return report.matched() ? 0 : 1;
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    /** A Ctrl-C during the run still deletes what was created; an error ends the run after cleaning up. */
    private static VerifyReport runWithCleanup(Verifier verifier, PrintWriter stderr) {
        Thread hook = new Thread(verifier::cleanUp, "verify-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return verifier.run();
        } catch (UsageException e) {
            CreatedResources.Outcome cleanup = verifier.cleanupOutcome();
            if (cleanup != null && cleanup.created() > 0) {
                stderr.println("verify: cleaned up after the failure: " + cleanup.created() + " created, "
                        + (cleanup.leftBehind().isEmpty() ? "nothing left behind"
                        : "left behind: " + String.join("; ", cleanup.leftBehind())));
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private void progress(PrintWriter stderr, String line) {
        if (!quiet) {
            stderr.println("verify: " + line);
            stderr.flush();
        }
    }

    static String legacyBase(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new UsageException("--base-url must be an http:// or https:// URL with a host, got " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new UsageException("--base-url must have no query or fragment: " + url);
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (URI.create(text).getRawPath().isEmpty()) {
            throw new UsageException("--base-url needs the path of one project and environment, e.g. "
                    + "https://host/scim/v2/p1/e1");
        }
        return text;
    }

    static List<String> tenantKeys(List<String> keys) {
        if (keys.isEmpty() || keys.size() > 2) {
            throw new UsageException("give one or two --tenant keys (tenants to verify through /v2/KEY)");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>(keys);
        if (distinct.size() != keys.size()) {
            throw new UsageException("the two --tenant keys must differ");
        }
        for (String key : keys) {
            if (!TENANT.matcher(key).matches()) {
                throw new UsageException("--tenant '" + key + "' is not a tenant key ([A-Za-z0-9_-]{1,64})");
            }
        }
        return List.copyOf(keys);
    }
}
