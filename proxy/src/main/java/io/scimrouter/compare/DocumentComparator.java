package io.scimrouter.compare;

import io.scimrouter.compare.Difference.Kind;
import io.scimrouter.compare.JsonValue.ArrayValue;
import io.scimrouter.compare.JsonValue.ObjectValue;
import io.scimrouter.compare.JsonValue.StringValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares two JSON documents as SCIM answers: each side's strings are first mapped through its own
 * {@link StringMapping} (base URL, ids, per-run names to placeholders), values at ignored paths are set aside, then
 * the trees are compared field by field. Arrays compare as multisets unless the rules say they are ordered: equal
 * elements pair up wherever they are, the rest pair by their {@code id} or {@code value} field, then by position,
 * so a wrong {@code $ref} in the second member is reported at {@code $.members[1].$ref}, not as two whole members.
 *
 * <p>Thread-safe and allocation-bounded by the documents' size; it never logs and never throws on content.
 */
public final class DocumentComparator {
    /** Stands for an ignored value: equal to itself on both sides, whatever was there. */
    private static final StringValue IGNORED = new StringValue("(ignored)");
    private static final List<String> IDENTITY_FIELDS = List.of("id", "value", "bulkId");

    private final ComparisonRules rules;

    public DocumentComparator(ComparisonRules rules) {
        this.rules = rules;
    }

    public List<Difference> compare(JsonValue left, StringMapping leftMapping, JsonValue right,
            StringMapping rightMapping) {
        JsonValue l = normalise(left, leftMapping, JsonPath.root());
        JsonValue r = normalise(right, rightMapping, JsonPath.root());
        List<Difference> out = new ArrayList<>();
        diff(l, r, JsonPath.root(), out);
        return List.copyOf(out);
    }

    /** The value with strings mapped and ignored values replaced; what the comparison actually sees. */
    public JsonValue normalise(JsonValue value, StringMapping mapping, JsonPath path) {
        if (!path.segments().isEmpty() && rules.isIgnored(path)) {
            return IGNORED;
        }
        if (value instanceof ObjectValue object) {
            Map<String, JsonValue> fields = new LinkedHashMap<>();
            object.fields().forEach((name, v) -> fields.put(name, normalise(v, mapping, path.field(name))));
            return new ObjectValue(fields);
        }
        if (value instanceof ArrayValue array) {
            List<JsonValue> elements = new ArrayList<>(array.elements().size());
            for (int i = 0; i < array.elements().size(); i++) {
                elements.add(normalise(array.elements().get(i), mapping, path.index(i)));
            }
            return new ArrayValue(elements);
        }
        if (value instanceof StringValue string) {
            return new StringValue(mapping.apply(string.value()));
        }
        return value;
    }

    private void diff(JsonValue left, JsonValue right, JsonPath path, List<Difference> out) {
        if (out.size() >= rules.maxDifferences()) {
            return;
        }
        if (left instanceof ObjectValue l && right instanceof ObjectValue r) {
            diffObjects(l, r, path, out);
        } else if (left instanceof ArrayValue l && right instanceof ArrayValue r) {
            if (rules.isOrdered(path)) {
                diffInOrder(l, r, path, out);
            } else {
                diffAsMultisets(l, r, path, out);
            }
        } else if (!left.equals(right)) {
            add(out, new Difference(path, Kind.DIFFERENT_VALUE, left.toJson(), right.toJson()));
        }
    }

    private void diffObjects(ObjectValue left, ObjectValue right, JsonPath path, List<Difference> out) {
        left.fields().forEach((name, value) -> {
            JsonValue other = right.fields().get(name);
            if (other == null) {
                add(out, new Difference(path.field(name), Kind.MISSING_ON_RIGHT, value.toJson(), null));
            } else {
                diff(value, other, path.field(name), out);
            }
        });
        right.fields().forEach((name, value) -> {
            if (!left.fields().containsKey(name)) {
                add(out, new Difference(path.field(name), Kind.MISSING_ON_LEFT, null, value.toJson()));
            }
        });
    }

    private void diffInOrder(ArrayValue left, ArrayValue right, JsonPath path, List<Difference> out) {
        int common = Math.min(left.elements().size(), right.elements().size());
        for (int i = 0; i < common; i++) {
            diff(left.elements().get(i), right.elements().get(i), path.index(i), out);
        }
        reportExtras(left, range(common, left.elements().size()), right, range(common, right.elements().size()),
                path, out);
    }

    private void diffAsMultisets(ArrayValue left, ArrayValue right, JsonPath path, List<Difference> out) {
        Map<String, Deque<Integer>> rightByKey = new HashMap<>();
        for (int i = 0; i < right.elements().size(); i++) {
            rightByKey.computeIfAbsent(canonical(right.elements().get(i)), k -> new ArrayDeque<>()).add(i);
        }
        List<Integer> leftRest = new ArrayList<>();
        boolean[] rightTaken = new boolean[right.elements().size()];
        for (int i = 0; i < left.elements().size(); i++) {
            Deque<Integer> same = rightByKey.get(canonical(left.elements().get(i)));
            if (same != null && !same.isEmpty()) {
                rightTaken[same.poll()] = true;
            } else {
                leftRest.add(i);
            }
        }
        List<Integer> rightRest = new ArrayList<>();
        for (int i = 0; i < rightTaken.length; i++) {
            if (!rightTaken[i]) {
                rightRest.add(i);
            }
        }
        pairByIdentity(left, leftRest, right, rightRest, path, out);
        int common = Math.min(leftRest.size(), rightRest.size());
        for (int i = 0; i < common; i++) {
            diff(left.elements().get(leftRest.get(i)), right.elements().get(rightRest.get(i)),
                    path.index(leftRest.get(i)), out);
        }
        reportExtras(left, leftRest.subList(common, leftRest.size()), right,
                rightRest.subList(common, rightRest.size()), path, out);
    }

    /** Pairs (and removes from the lists) unmatched elements that name the same thing by id, value or bulkId. */
    private void pairByIdentity(ArrayValue left, List<Integer> leftRest, ArrayValue right, List<Integer> rightRest,
            JsonPath path, List<Difference> out) {
        for (int li = 0; li < leftRest.size(); li++) {
            Optional<String> identity = identity(left.elements().get(leftRest.get(li)));
            if (identity.isEmpty()) {
                continue;
            }
            for (int ri = 0; ri < rightRest.size(); ri++) {
                if (identity.equals(identity(right.elements().get(rightRest.get(ri))))) {
                    int l = leftRest.remove(li--);
                    int r = rightRest.remove(ri);
                    diff(left.elements().get(l), right.elements().get(r), path.index(l), out);
                    break;
                }
            }
        }
    }

    private static Optional<String> identity(JsonValue element) {
        for (String field : IDENTITY_FIELDS) {
            Optional<String> text = element.text(field);
            if (text.isPresent()) {
                return Optional.of(field + "=" + text.get());
            }
        }
        return Optional.empty();
    }

    private void reportExtras(ArrayValue left, List<Integer> leftExtra, ArrayValue right, List<Integer> rightExtra,
            JsonPath path, List<Difference> out) {
        for (int i : leftExtra) {
            add(out, new Difference(path.index(i), Kind.MISSING_ON_RIGHT, left.elements().get(i).toJson(), null));
        }
        for (int i : rightExtra) {
            add(out, new Difference(path.index(i), Kind.MISSING_ON_LEFT, null, right.elements().get(i).toJson()));
        }
    }

    private void add(List<Difference> out, Difference difference) {
        if (out.size() < rules.maxDifferences()) {
            out.add(difference);
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    /** JSON text with object fields sorted, so that equal elements have equal keys whatever their field order. */
    private static String canonical(JsonValue value) {
        StringBuilder out = new StringBuilder();
        appendCanonical(value, out);
        return out.toString();
    }

    private static void appendCanonical(JsonValue value, StringBuilder out) {
        if (value instanceof ObjectValue object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : new TreeMap<>(object.fields()).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                StringValue.quote(e.getKey(), out);
                out.append(':');
                appendCanonical(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof ArrayValue array) {
            // element order does not count inside a multiset either
            List<String> elements = new ArrayList<>();
            for (JsonValue element : array.elements()) {
                elements.add(canonical(element));
            }
            elements.sort(null);
            out.append('[').append(String.join(",", elements)).append(']');
        } else if (value instanceof JsonValue.NumberValue number) {
            out.append(number.value().signum() == 0 ? "0" : number.value().stripTrailingZeros().toString());
        } else {
            out.append(value.toJson());
        }
    }
}
