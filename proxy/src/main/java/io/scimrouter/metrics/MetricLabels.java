package io.scimrouter.metrics;

/** The bounded label values of the request metrics, each an index into the arrays of pre-resolved meters. */
final class MetricLabels {
    /** The methods a SCIM client uses; any other counts as {@code other}, so a client cannot add series. */
    static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other"};
    /** Status classes; {@code none} when no answer began (the client left first). */
    static final String[] STATUSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private MetricLabels() {
    }

    static int method(String name) {
        if (name == null) {
            return METHODS.length - 1;
        }
        return switch (name) {
            case "GET" -> 0;
            case "POST" -> 1;
            case "PUT" -> 2;
            case "PATCH" -> 3;
            case "DELETE" -> 4;
            case "HEAD" -> 5;
            case "OPTIONS" -> 6;
            default -> METHODS.length - 1;
        };
    }

    static int status(int status) {
        int statusClass = status / 100;
        return statusClass >= 1 && statusClass <= 5 ? statusClass : 0;
    }
}
