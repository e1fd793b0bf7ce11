package io.scimrouter;

import java.net.BindException;

/** The router could not start; the message is one line for an operator (no stack trace needed), naming the key. */
public final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A listener that could not bind: {@code server.port 8080 on 127.0.0.1 is in use}.
     *
     * @param key the port's configuration key ({@code server.port}, {@code admin.port})
     */
    static StartException bindFailed(String key, String host, int port, Throwable cause) {
        String hostKey = key.substring(0, key.indexOf('.')) + ".host";
        String text = String.valueOf(cause.getMessage());
        String message;
        if (cause instanceof BindException && text.contains("in use") || text.contains("Address already in use")) {
            message = key + " " + port + " on " + host + " is in use";
        } else if (text.contains("Cannot assign requested address")) {
            message = hostKey + " " + host + " is not an address of this machine (" + key + " " + port + ")";
        } else if (text.contains("Permission denied")) {
            message = key + " " + port + " on " + host + " needs privileges this process does not have";
        } else {
            message = "cannot listen on " + host + ":" + port + " (" + key + "): " + text;
        }
        return new StartException(message, cause);
    }
}
