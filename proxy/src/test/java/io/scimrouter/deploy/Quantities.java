package io.scimrouter.deploy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes memory quantities ({@code 192Mi}, {@code 200M}, {@code 1Gi}, plain bytes) in bytes. */
final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?");
    private static final Map<String, Long> FACTORS = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30,
            "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L);

    private Quantities() {
    }

    static long bytes(String quantity) {
        Matcher matcher = QUANTITY.matcher(quantity);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a memory quantity this check reads: " + quantity);
        }
        long factor = matcher.group(2) == null ? 1 : FACTORS.get(matcher.group(2));
        return Long.parseLong(matcher.group(1)) * factor;
    }
}
