package io.scimrouter.policy;

/** What a policy decided about a request: go on ({@link #ADMIT}), or answer with a SCIM error ({@link Reject}). */
public sealed interface Verdict {
    /** Go on. A single instance: admitting a request allocates nothing. */
    Admit ADMIT = new Admit();

    /** See {@link #ADMIT}. */
    final class Admit implements Verdict {
        private Admit() {
        }

        @Override
        public String toString() {
            return "Admit";
        }
    }

    /**
     * Answer with a SCIM error of this status and detail.
     *
     * @param close             close the client connection after the answer, whatever else holds
     * @param retryAfterSeconds a {@code Retry-After} header when positive
     */
    record Reject(int status, String detail, boolean close, long retryAfterSeconds) implements Verdict {
        public Reject(int status, String detail, boolean close) {
            this(status, detail, close, 0);
        }
    }
}
