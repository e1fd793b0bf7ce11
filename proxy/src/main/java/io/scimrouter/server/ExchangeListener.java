package io.scimrouter.server;

import io.scimrouter.route.Route;

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

    /**
     * A request with a body was admitted on {@code route}: how many bytes of its body this listener wants to read at
     * the end ({@link ExchangeOutcome#requestBody()}), or 0 for none, the default. Runs for every such request on
     * its event loop: decide from the arguments alone, at once.
     */
    default int requestBodyWanted(Route route, String method) {
        return 0;
    }

    /** Tells each of {@code listeners}, in order; one that throws does not keep the others from hearing. */
    static ExchangeListener all(List<ExchangeListener> listeners) {
        ExchangeListener[] each = listeners.toArray(new ExchangeListener[0]);
        if (each.length == 1) {
            return each[0];
        }
        return new ExchangeListener() {
            @Override
            public void onExchangeEnd(ExchangeOutcome outcome) {
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
            }

            @Override
            public int requestBodyWanted(Route route, String method) {
                int most = 0;
                for (ExchangeListener listener : each) {
                    most = Math.max(most, listener.requestBodyWanted(route, method));
                }
                return most;
            }
        };
    }
}
