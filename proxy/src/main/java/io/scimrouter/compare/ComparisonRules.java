package io.scimrouter.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a comparison ignores and how it treats arrays.
 *
 * @param ignored        values at these paths are not compared (their presence still is)
 * @param orderedArrays  arrays at these paths compare element by element; every other array compares as a multiset,
 *                       since SCIM multi-valued attributes and unsorted list results carry no order
 * @param maxDifferences the comparison stops collecting after this many
 */
public record ComparisonRules(List<PathPattern> ignored, List<PathPattern> orderedArrays, int maxDifferences) {

    public ComparisonRules {
        ignored = List.copyOf(ignored);
        orderedArrays = List.copyOf(orderedArrays);
        if (maxDifferences < 1) {
            throw new IllegalArgumentException("maxDifferences must be at least 1");
        }
    }

    /**
     * What differs between two correct answers for the same resource: {@code meta.created},
     * {@code meta.lastModified} and {@code meta.version} at any depth, and the {@code version} of Bulk results.
     */
    public static ComparisonRules scim() {
        return new ComparisonRules(patterns("**.meta.created", "**.meta.lastModified", "**.meta.version",
                "Operations[].version"), List.of(), 100);
    }

    public ComparisonRules ignoring(String... patterns) {
        List<PathPattern> more = new ArrayList<>(ignored);
        more.addAll(patterns(patterns));
        return new ComparisonRules(more, orderedArrays, maxDifferences);
    }

    public ComparisonRules withOrderedArrays(String... patterns) {
        List<PathPattern> more = new ArrayList<>(orderedArrays);
        more.addAll(patterns(patterns));
        return new ComparisonRules(ignored, more, maxDifferences);
    }

    public boolean isIgnored(JsonPath path) {
        return ignored.stream().anyMatch(p -> p.matches(path));
    }

    public boolean isOrdered(JsonPath path) {
        return orderedArrays.stream().anyMatch(p -> p.matches(path));
    }

    private static List<PathPattern> patterns(String... texts) {
        return Arrays.stream(texts).map(PathPattern::of).toList();
    }
}
