package io.scimrouter.server;

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
}
