package io.scimrouter.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Duration syntax of the configuration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a bare {@code 0}. */
public final class Durations {
    /** The hint every duration error ends with. */
    static final String HINT = "(write 250ms, 30s or 5m)";

    // nine digits at most, so no value can overflow a Duration
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s?(ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or empty when the text is not one. A bare number other than 0 has no unit and is rejected. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = SYNTAX.matcher(trimmed);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException("unit not in the pattern: " + matcher.group(2));
        });
    }
}
