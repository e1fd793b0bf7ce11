package io.scimrouter.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT, handled by the router itself rather than by the JVM's shutdown: the first starts the drain
 * ({@link #awaitFirst} returns), a second one stops the process at once (exit status 128 + the signal's number,
 * as a shell reports a process killed by it). Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way a
 * Java process can tell one signal from two.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private final CountDownLatch first = new CountDownLatch(1);
    private volatile String received;
    private volatile boolean viaShutdownHook;

    private Signals() {
    }

    /**
     * Installs the handlers for TERM and INT. Where the JVM refuses (it reserves a signal, e.g. with {@code -Xrs}),
     * the JVM's own shutdown starts the drain instead, and a second signal has no effect of its own.
     */
    @SuppressWarnings("removal")
    public static Signals install() {
        Signals signals = new Signals();
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> signals.on(signal.getName(),
                        signal.getNumber()));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIGTERM/SIGINT ({}); draining from the JVM's shutdown instead", e.getMessage());
            signals.viaShutdownHook = true;
        }
        return signals;
    }

    /** True when the signals could not be handled: the caller drains from a shutdown hook. */
    public boolean viaShutdownHook() {
        return viaShutdownHook;
    }

    private synchronized void on(String name, int number) {
        if (received != null) {
            LOG.warn("second signal (SIG{}) during the drain: stopping now", name);
            Runtime.getRuntime().halt(128 + number);
        }
        received = "SIG" + name;
        first.countDown();
    }

    /** Blocks until the first signal; returns its name ({@code SIGTERM}). */
    public String awaitFirst() throws InterruptedException {
        first.await();
        return received;
    }
}
