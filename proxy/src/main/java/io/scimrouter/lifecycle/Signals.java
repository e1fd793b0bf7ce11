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

    private Signals() {
    }

    /** Installs the handlers for TERM and INT. */
    @SuppressWarnings("removal")
    public static Signals install() {
        Signals signals = new Signals();
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> signals.on(signal.getName(),
                    signal.getNumber()));
        }
        return signals;
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
