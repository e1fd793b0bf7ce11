package io.scimrouter.config;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Size syntax of the configuration: plain bytes ({@code 1048576}) or a number with a unit. KB, MB and GB are
 * decimal (1000^n), KiB, MiB and GiB binary (1024^n); units are case-insensitive, a trailing {@code B} alone means
 * bytes.
 */
public final class Sizes {
    /** The hint every size error ends with. */
    static final String HINT = "(write bytes, or a number with KB, MB, GB, KiB, MiB or GiB, e.g. 10MiB)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s?([A-Za-z]*)");

    private Sizes() {
    }

    /** The size in bytes, or empty when the text is not a size or does not fit a long. */
    public static OptionalLong parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.strip());
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        long multiplier = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1L;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> -1L;
        };
        if (multiplier < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
        } catch (ArithmeticException overflow) {
            return OptionalLong.empty();
        }
    }
}
