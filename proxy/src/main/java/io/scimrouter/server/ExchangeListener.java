package io.scimrouter.server;

import java.util.List;

/**
 * Hooks into every exchange's life, called on the client's event loop: they must be quick and must not block. The
 * access log and per-exchange metrics plug in here; a listener that throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ExchangeListener {
    /** Listens to nothing: the default. */
    ExchangeListener NONE = outcome -> { };

    /**
     * The exchange ended (the one place where every exchange ends). For DONE the last chunk is handed to the client
     * connection, not necessarily written yet. The outcome is only valid during the call: copy what is kept.
     */
    void onExchangeEnd(ExchangeOutcome outcome);

    /** Tells each of {@code listeners}, in order; one that throws does not keep the others from hearing. */
    static ExchangeListener all(List<ExchangeListener> listeners) {
        ExchangeListener[] each = listeners.toArray(new ExchangeListener[0]);
        if (each.length == 1) {
            return each[0];
        }
        return outcome -> {
            RuntimeException first = null;
            for (ExchangeListener listener : each) {
                try {
                    listener.onExchangeEnd(outcome);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
