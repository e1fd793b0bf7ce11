package io.scimrouter.server;

/**
 * What each {@link ExchangeOutcome} flag means to an operator: a short code for the access log (in the spirit of
 * Envoy's {@code %RESPONSE_FLAGS%}), the {@code kind} it counts as in {@code scim_router_upstream_errors_total} (or
 * none), and whether it means the router refused the request itself (route label {@code rejected}). Every flag is
 * also counted in {@code scim_router_response_flags_total{flag}}.
 *
 * <p>A new flag is one row here (and its constant in {@link ExchangeOutcome}); docs/OPERATIONS.md lists the codes.
 */
public enum ResponseFlag {
    RETRIED(ExchangeOutcome.RETRIED, "RT", "retry", false),
    CONNECT_FAILED(ExchangeOutcome.CONNECT_FAILED, "UF", "connect", false),
    CONNECT_TIMEOUT(ExchangeOutcome.CONNECT_TIMEOUT, "UCT", "connect_timeout", false),
    UPSTREAM_TIMEOUT(ExchangeOutcome.UPSTREAM_TIMEOUT, "UT", "timeout", false),
    UPSTREAM_CLOSED(ExchangeOutcome.UPSTREAM_CLOSED, "UC", "reset", false),
    UPSTREAM_MALFORMED(ExchangeOutcome.UPSTREAM_MALFORMED, "UPE", "malformed", false),
    REWRITE_LIMIT(ExchangeOutcome.REWRITE_LIMIT, "RWL", null, false),
    CLIENT_CLOSED(ExchangeOutcome.CLIENT_CLOSED, "DC", null, false),
    REJECTED(ExchangeOutcome.REJECTED, "RJ", null, true),
    TENANT_UNKNOWN(ExchangeOutcome.TENANT_UNKNOWN, "TU", null, true),
    TENANT_DENIED(ExchangeOutcome.TENANT_DENIED, "TD", null, true),
    DIRECTORY_UNAVAILABLE(ExchangeOutcome.DIRECTORY_UNAVAILABLE, "DU", null, true),
    REQUEST_JSON_MALFORMED(ExchangeOutcome.REQUEST_JSON_MALFORMED, "MQ", null, false),
    RESPONSE_JSON_MALFORMED(ExchangeOutcome.RESPONSE_JSON_MALFORMED, "MR", null, false),
    DRAIN_CUT(ExchangeOutcome.DRAIN_CUT, "DRN", null, false),
    RATE_LIMITED(ExchangeOutcome.RATE_LIMITED, "RL", null, true),
    CONCURRENCY_LIMITED(ExchangeOutcome.CONCURRENCY_LIMITED, "CL", null, true),
    UPSTREAM_QUEUE_FULL(ExchangeOutcome.UPSTREAM_QUEUE_FULL, "UO", null, true),
    UPSTREAM_QUEUE_TIMEOUT(ExchangeOutcome.UPSTREAM_QUEUE_TIMEOUT, "UQT", null, true),
    CALLER_CHECKED(ExchangeOutcome.CALLER_CHECKED, "CC", null, false),
    CALLER_CHECK_FAILED(ExchangeOutcome.CALLER_CHECK_FAILED, "CCF", null, false),
    BODY_TIMEOUT(ExchangeOutcome.BODY_TIMEOUT, "BT", null, false),
    BUFFERED(ExchangeOutcome.BUFFERED, "BUF", null, false);

    private static final ResponseFlag[] BY_BIT = new ResponseFlag[Integer.SIZE];
    /** The flags that mean the router refused the request itself, or-ed. */
    private static final int REFUSALS;

    static {
        int refusals = 0;
        for (ResponseFlag flag : values()) {
            int bit = Integer.numberOfTrailingZeros(flag.mask);
            if (Integer.bitCount(flag.mask) != 1 || BY_BIT[bit] != null) {
                throw new ExceptionInInitializerError(flag + ": the mask must be one bit of its own");
            }
            BY_BIT[bit] = flag;
            refusals |= flag.refusal ? flag.mask : 0;
        }
        REFUSALS = refusals;
    }

    private final int mask;
    private final String code;
    private final String upstreamErrorKind;
    private final boolean refusal;

    ResponseFlag(int mask, String code, String upstreamErrorKind, boolean refusal) {
        this.mask = mask;
        this.code = code;
        this.upstreamErrorKind = upstreamErrorKind;
        this.refusal = refusal;
    }

    /** The flag's bit in {@link ExchangeOutcome#flags()}. */
    public int mask() {
        return mask;
    }

    /** Two or three letters for the access log. */
    public String code() {
        return code;
    }

    /** The {@code kind} label of {@code scim_router_upstream_errors_total}, or null when it is no upstream error. */
    public String upstreamErrorKind() {
        return upstreamErrorKind;
    }

    /** The {@code reason} label of {@code scim_router_limits_refused_total}, or null when no limit refused it. */
    public String limitReason() {
        return switch (this) {
            case RATE_LIMITED -> "rate";
            case CONCURRENCY_LIMITED -> "concurrency";
            case UPSTREAM_QUEUE_FULL -> "upstream_queue_full";
            case UPSTREAM_QUEUE_TIMEOUT -> "upstream_queue_timeout";
            default -> null;
        };
    }

    /** The router refused the request itself, without asking the backend. */
    public boolean refusal() {
        return refusal;
    }

    /** The flag of bit {@code bit} (0..31), or null when none is declared for it. */
    public static ResponseFlag ofBit(int bit) {
        return BY_BIT[bit];
    }

    /** True when {@code flags} holds a flag that means the router refused the request itself. */
    public static boolean refused(int flags) {
        return (flags & REFUSALS) != 0;
    }

    /** The codes of {@code flags}, comma-separated in declaration order, {@code -} for none; for the access log. */
    public static String codes(int flags) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder out = new StringBuilder(12);
        for (int rest = flags; rest != 0; rest &= rest - 1) {
            ResponseFlag flag = BY_BIT[Integer.numberOfTrailingZeros(rest)];
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(flag == null ? "?" : flag.code);
        }
        return out.toString();
    }
}
