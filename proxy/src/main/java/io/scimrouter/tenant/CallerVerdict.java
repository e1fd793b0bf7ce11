package io.scimrouter.tenant;

import java.util.List;
import java.util.Map;

/**
 * What the legacy backend said of a caller's credential when asked before an unknown tenant's 404
 * ({@code tenants.unknown.verifyCaller}).
 */
public sealed interface CallerVerdict {

    /** The backend did not refuse the credential: the unknown tenant may be answered 404. */
    record Accepted() implements CallerVerdict {
    }

    /**
     * The backend refused it (401 or 403): the client gets this answer, as the backend gave it, so that it looks as
     * the backend's answer for a known tenant does.
     *
     * @param headers the answer's end-to-end headers, names as the backend wrote them, in its order
     * @param body    the answer's body, whole (bounded by the checker), or null when it was too large to relay
     */
    record Refused(int status, List<Map.Entry<String, String>> headers, byte[] body) implements CallerVerdict {
        public Refused {
            headers = List.copyOf(headers);
        }

        /** The first value of header {@code name} (any letter case), or null. */
        public String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }
}
