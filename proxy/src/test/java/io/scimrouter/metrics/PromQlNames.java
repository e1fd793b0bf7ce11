package io.scimrouter.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series and label names a PromQL expression uses, read by a small tokenizer: enough for the dashboard's and the
 * alert rules' expressions (selectors with matchers, functions, aggregations with {@code by}/{@code without},
 * {@code on}/{@code ignoring} with {@code group_left}/{@code group_right}, binary operators, numbers, ranges), not a
 * full PromQL parser. promtool checks the syntax; this only finds the names, to compare them with a real scrape.
 */
record PromQlNames(List<Selector> selectors, Set<String> groupingLabels) {
    /** A label matcher: {@code route!="rejected"} is {@code (route, !=, rejected)}. */
    record LabelMatcher(String label, String op, String value) {
    }

    /** A metric name and its matchers ({@code scim_router_requests_total{status="5xx"}}). */
    record Selector(String metric, List<LabelMatcher> matchers) {
    }

    /** Keywords followed by a label list in parentheses. */
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    /** Keywords that are neither a function nor a series; aggregations, which may be followed by {@code by (...)}. */
    private static final Set<String> OPERATORS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile");
    private static final Pattern MATCHER = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PromQlNames of(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        String s = expr.replaceAll("\\[[^\\]]*\\]", " "); // ranges and subqueries: [5m], [$__rate_interval]
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                i = skipNumber(s, i);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = i;
                while (end < s.length() && isNamePart(s.charAt(end))) {
                    end++;
                }
                String word = s.substring(i, end);
                int next = skipSpace(s, end);
                boolean call = next < s.length() && s.charAt(next) == '(';
                if (GROUPING.contains(word)) {
                    if (call) {
                        int close = s.indexOf(')', next);
                        for (String label : s.substring(next + 1, close).split(",")) {
                            if (!label.isBlank()) {
                                grouping.add(label.strip());
                            }
                        }
                        end = close + 1;
                    }
                } else if (!call && !OPERATORS.contains(word)) {
                    List<LabelMatcher> matchers = new ArrayList<>();
                    if (next < s.length() && s.charAt(next) == '{') {
                        int close = closingBrace(s, next);
                        matchers = matchers(s.substring(next + 1, close));
                        end = close + 1;
                    }
                    selectors.add(new Selector(word, matchers));
                }
                i = end;
            } else if (c == '{') { // a selector without a metric name, {__name__=~"..."}: not used here
                throw new IllegalArgumentException("a selector without a metric name in " + expr);
            } else {
                i++;
            }
        }
        return new PromQlNames(selectors, grouping);
    }

    private static List<LabelMatcher> matchers(String inside) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher m = MATCHER.matcher(inside);
        while (m.find()) {
            matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
        }
        if (!MATCHER.matcher(inside).replaceAll("").replaceAll("[\\s,]", "").isEmpty()) {
            throw new IllegalArgumentException("matchers not understood: {" + inside + "}");
        }
        return matchers;
    }

    private static int closingBrace(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = skipString(s, i) - 1;
            } else if (c == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed { in " + s);
    }

    private static int skipString(String s, int open) {
        char quote = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == quote) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + s);
    }

    private static int skipNumber(String s, int i) {
        int end = i;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '.')) {
            end++;
        }
        return end;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
