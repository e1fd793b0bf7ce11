package io.scimrouter.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.scimrouter.config.ConfigException;
import io.scimrouter.config.RouterConfig.Server.Tls;
import io.scimrouter.watch.FileWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TLS on the client listener. Each new connection takes its handler from the context in use ({@link #newHandler});
 * a reload builds a new context and swaps it in, so connections opened before keep the certificate they were
 * handshaken with. Reloads come from the files changing ({@link FileWatcher}: file-system events, debounced, and a
 * periodic comparison) and from a configuration reload ({@link #reload(Tls)}, which may name other files). A new
 * certificate that cannot be used (unreadable, not the key's, expired) is refused and logged; the one in use stays.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1);

    /** What a reload did. */
    public enum Result {
        /** A new context is in use for new connections. */
        RELOADED,
        /** The files and settings are the ones in use: nothing to do. */
        UNCHANGED,
        /** The new files cannot be used; the context in use stays. */
        REFUSED
    }

    /**
     * The result of one reload.
     *
     * @param certificate the certificate in use afterwards
     * @param problem     why it was refused (names the key and file, never content); null otherwise
     */
    public record ReloadOutcome(Result result, CertificateSummary certificate, String problem) {
    }

    private record Active(Tls settings, SslProvider provider, SslContext context, CertificateSummary certificate,
                          String fingerprint) {
    }

    /** A secret update writes several files: they are read once events have stopped for this long. */
    static final Duration WATCH_DEBOUNCE = Duration.ofMillis(200);

    private final AtomicReference<Active> active = new AtomicReference<>();
    private final Map<Result, AtomicLong> counts = new EnumMap<>(Result.class);
    private final FileWatcher watcher;
    private String lastTried; // fingerprint of the files in use as last compared; guarded by this

    private ServerTls(Tls settings, boolean fileEvents) {
        for (Result result : Result.values()) {
            counts.put(result, new AtomicLong());
        }
        String fingerprint = TlsFiles.fingerprint(files(settings));
        Active first = build(settings, fingerprint, true);
        active.set(first);
        lastTried = fingerprint;
        LOG.info("TLS on the client listener with {}; certificate {}; protocols {}; client certificates {}",
                TlsProviders.describe(first.provider(), settings.provider()), first.certificate(),
                settings.protocols(), settings.clientAuth().name().toLowerCase(Locale.ROOT));
        watcher = new FileWatcher("tls", WATCH_DEBOUNCE, this::watchedDirectories,
                () -> active.get().settings().reloadCheckInterval(),
                fileEvents, this::reloadIfChanged);
    }

    /**
     * Reads the files, builds the first context and starts watching the files.
     *
     * @throws ConfigException naming the key of a file that cannot be used, or {@code server.tls.provider}
     */
    public static ServerTls start(Tls settings) {
        return new ServerTls(requireEnabled(settings), true);
    }

    /** As {@link #start} with only the periodic comparison: no file-system events (for tests of that fallback). */
    static ServerTls startPollingOnly(Tls settings) {
        return new ServerTls(requireEnabled(settings), false);
    }

    /** A TLS handler for a new client connection, from the context in use now. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return active.get().context().newHandler(alloc);
    }

    /** The certificate new connections get. */
    public CertificateSummary certificate() {
        return active.get().certificate();
    }

    /** The implementation in use: {@code OPENSSL} or {@code JDK}. */
    public SslProvider provider() {
        return active.get().provider();
    }

    /** How many reloads ended with {@code result} (for metrics); {@link Result#UNCHANGED} counts checks. */
    public long count(Result result) {
        return counts.get(result).get();
    }

    /**
     * Applies TLS settings from a new configuration: other files, protocols, client certificates. TLS cannot be
     * turned off this way (the listener would change its scheme).
     */
    public synchronized ReloadOutcome reload(Tls settings) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.enabled()) {
            return refused("server.tls.certificateFile: TLS cannot be turned off without a restart");
        }
        String fingerprint = TlsFiles.fingerprint(files(settings));
        Active current = active.get();
        if (settings.equals(current.settings()) && fingerprint.equals(current.fingerprint())) {
            return unchanged();
        }
        ReloadOutcome outcome = attempt(settings, fingerprint);
        if (outcome.result() == Result.RELOADED) {
            lastTried = fingerprint; // the watcher compares the new files from here on
        }
        return outcome;
    }

    /** Compares the files with the ones last tried and reloads when they differ (the watcher's check). */
    synchronized ReloadOutcome reloadIfChanged() {
        Active current = active.get();
        String fingerprint = TlsFiles.fingerprint(files(current.settings()));
        if (fingerprint.equals(lastTried)) {
            return unchanged(); // a refused version is not tried, nor logged, again until the files change
        }
        lastTried = fingerprint;
        if (fingerprint.equals(current.fingerprint())) {
            return unchanged(); // back to the files in use, after a refused version
        }
        return attempt(current.settings(), fingerprint);
    }

    /** The watcher has registered for file-system events (tests must not change the files before it has). */
    boolean watching() {
        return watcher.watchedDirectories() > 0;
    }

    @Override
    public void close() {
        watcher.close();
    }

    private ReloadOutcome attempt(Tls settings, String fingerprint) {
        Active previous = active.get();
        Active next;
        try {
            next = build(settings, fingerprint, false);
        } catch (ConfigException e) {
            LOG.error("TLS certificate not reloaded, new connections keep getting {}: {}", previous.certificate(),
                    e.getMessage());
            return refused(e.getMessage());
        }
        active.set(next);
        counts.get(Result.RELOADED).incrementAndGet();
        LOG.info("TLS certificate reloaded: new connections get {} (before: serial {})", next.certificate(),
                previous.certificate().serial());
        if (next.provider() != previous.provider()) {
            LOG.info("TLS on the client listener now with {}", TlsProviders.describe(next.provider(),
                    settings.provider()));
        }
        return new ReloadOutcome(Result.RELOADED, next.certificate(), null);
    }

    private ReloadOutcome unchanged() {
        counts.get(Result.UNCHANGED).incrementAndGet();
        return new ReloadOutcome(Result.UNCHANGED, certificate(), null);
    }

    private ReloadOutcome refused(String problem) {
        counts.get(Result.REFUSED).incrementAndGet();
        return new ReloadOutcome(Result.REFUSED, certificate(), problem);
    }

    /**
     * A context for {@code settings}. At start an expired certificate is served with a warning (refusing to start
     * would take the health endpoints down too); a reload refuses one, keeping the certificate in use.
     */
    private static Active build(Tls settings, String fingerprint, boolean atStart) {
        ServerCertificate certificate = ServerCertificate.load(settings.certificateFile(), settings.privateKeyFile());
        CertificateSummary summary = CertificateSummary.of(certificate.leaf());
        Instant now = Instant.now();
        if (summary.notAfter().isBefore(now)) {
            if (!atStart) {
                throw ServerCertificate.problem("server.tls.certificateFile", settings.certificateFile(),
                        "holds a certificate that expired at " + summary.notAfter() + " (" + summary + ")");
            }
            LOG.warn("TLS certificate {} expired at {}: clients that check it will refuse the handshake",
                    summary, summary.notAfter());
        } else if (summary.notBefore().isAfter(now)) {
            LOG.warn("TLS certificate {} is valid only from {} (clock skew?)", summary, summary.notBefore());
        }
        SslProvider provider = TlsProviders.choose(settings.provider());
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.chainArray())
                .sslProvider(provider)
                .protocols(settings.protocols())
                .applicationProtocolConfig(HTTP_1_1_ONLY)
                .clientAuth(switch (settings.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case OPTIONAL -> ClientAuth.OPTIONAL;
                    case REQUIRE -> ClientAuth.REQUIRE;
                });
        if (settings.clientCaFile() != null) {
            List<X509Certificate> cas = TlsFiles.caBundle("server.tls.clientCaFile", settings.clientCaFile());
            builder.trustManager(cas.toArray(X509Certificate[]::new));
        }
        try {
            return new Active(settings, provider, builder.build(), summary, fingerprint);
        } catch (SSLException | IllegalArgumentException e) {
            throw ServerCertificate.problem("server.tls.certificateFile", settings.certificateFile(),
                    "cannot be used with its key (" + e.getMessage() + ")");
        }
    }

    private static List<Path> files(Tls settings) {
        List<Path> files = new ArrayList<>(List.of(settings.certificateFile(), settings.privateKeyFile()));
        if (settings.clientCaFile() != null) {
            files.add(settings.clientCaFile());
        }
        return files;
    }

    private Set<Path> watchedDirectories() {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path file : files(active.get().settings())) {
            Path parent = file.toAbsolutePath().normalize().getParent();
            if (parent != null) {
                directories.add(parent);
            }
        }
        return directories;
    }

    private static Tls requireEnabled(Tls settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("TLS is off: server.tls.certificateFile is unset");
        }
        return settings;
    }
}
