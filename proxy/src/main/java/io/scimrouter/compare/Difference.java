package io.scimrouter.compare;

/**
 * One place where two documents differ.
 *
 * @param path  where, in the left document's terms
 * @param kind  what differs
 * @param left  the left value as compact JSON after mapping, or null when absent
 * @param right the right value likewise
 */
public record Difference(JsonPath path, Kind kind, String left, String right) {

    public enum Kind {
        /** Both sides have a value here, and they differ (in value or in type). */
        DIFFERENT_VALUE,
        /** Only the left side has a value here. */
        MISSING_ON_RIGHT,
        /** Only the right side has a value here. */
        MISSING_ON_LEFT
    }

    /**
     * Path and kind only, never the values: answers carry personal data (user names, e-mails), so whatever logs a
     * difference by default must not print them. Read {@link #left()} and {@link #right()} where showing them is
     * the point.
     */
    @Override
    public String toString() {
        return path + " " + kind;
    }
}
