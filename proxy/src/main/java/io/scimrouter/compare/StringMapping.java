package io.scimrouter.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one side's strings are mapped through before comparison, so that what must differ between URL forms does
 * not count: the side's base URL (at the start of a value) and literals such as server-assigned ids or per-run
 * names (anywhere in a value). Base URLs are applied first, longest first; then literals, longest first.
 */
public final class StringMapping {
    public static final StringMapping IDENTITY = new StringMapping(List.of(), List.of());

    private record Replacement(String from, String to) {
    }

    private final List<Replacement> baseUrls;
    private final List<Replacement> literals;

    private StringMapping(List<Replacement> baseUrls, List<Replacement> literals) {
        this.baseUrls = baseUrls;
        this.literals = literals;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String apply(String value) {
        String out = value;
        for (Replacement base : baseUrls) {
            if (isUnderBase(out, base.from())) {
                out = base.to() + out.substring(base.from().length());
                break;
            }
        }
        for (Replacement literal : literals) {
            if (out.contains(literal.from())) {
                out = out.replace(literal.from(), literal.to());
            }
        }
        return out;
    }

    /**
     * Whether {@code value} is {@code base} or below it. Scheme and authority compare without regard to case, the
     * path exactly, and the base must be followed by the end, '/', '?' or '#': {@code .../p1/e10} is not under
     * {@code .../p1/e1}.
     */
    public static boolean isUnderBase(String value, String base) {
        if (value.length() < base.length()) {
            return false;
        }
        int authorityEnd = base.indexOf('/', base.indexOf("://") + 3);
        int caseless = authorityEnd < 0 ? base.length() : authorityEnd;
        if (!value.regionMatches(true, 0, base, 0, caseless)
                || !value.regionMatches(caseless, base, caseless, base.length() - caseless)) {
            return false;
        }
        if (value.length() == base.length()) {
            return true;
        }
        char next = value.charAt(base.length());
        return next == '/' || next == '?' || next == '#';
    }

    public static final class Builder {
        private final List<Replacement> baseUrls = new ArrayList<>();
        private final List<Replacement> literals = new ArrayList<>();

        private Builder() {
        }

        /** An absolute base URL without trailing slash, e.g. {@code https://h/scim/v2/p1/e1/v2/acme}. */
        public Builder baseUrl(String base, String replacement) {
            Objects.requireNonNull(replacement, "replacement");
            if (base == null || !base.toLowerCase(Locale.ROOT).matches("[a-z][a-z0-9+.-]*://[^/?#]+(/[^?#]*)?")
                    || base.endsWith("/")) {
                throw new IllegalArgumentException("not an absolute base URL without trailing slash: " + base);
            }
            baseUrls.add(new Replacement(base, replacement));
            return this;
        }

        /** Every occurrence of a non-empty text, anywhere in a value. */
        public Builder literal(String text, String replacement) {
            Objects.requireNonNull(replacement, "replacement");
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException("empty literal");
            }
            literals.add(new Replacement(text, replacement));
            return this;
        }

        public StringMapping build() {
            Comparator<Replacement> longestFirst = Comparator.comparingInt((Replacement r) -> r.from().length())
                    .reversed();
            List<Replacement> bases = new ArrayList<>(baseUrls);
            bases.sort(longestFirst);
            List<Replacement> texts = new ArrayList<>(literals);
            texts.sort(longestFirst);
            return new StringMapping(List.copyOf(bases), List.copyOf(texts));
        }
    }
}
