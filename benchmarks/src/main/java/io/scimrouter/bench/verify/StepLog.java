package io.scimrouter.bench.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Every step in the order first played, what each form answered, and what was found wrong. */
final class StepLog {
    private final Map<String, Map<String, Played>> played = new LinkedHashMap<>();
    private final Map<String, Map<String, TreeSet<String>>> statuses = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();

    void record(String step, String form, Played p) {
        played.computeIfAbsent(step, s -> new LinkedHashMap<>()).put(form, p);
        status(step, form, Integer.toString(p.status()));
    }

    /** A cell without a single answer of its own, e.g. the isolation probes from one form. */
    void status(String step, String form, String status) {
        statuses.computeIfAbsent(step, s -> new LinkedHashMap<>()).computeIfAbsent(form, f -> new TreeSet<>())
                .add(status);
    }

    void find(Finding finding) {
        findings.add(finding);
    }

    Optional<Played> played(String step, String form) {
        return Optional.ofNullable(played.getOrDefault(step, Map.of()).get(form));
    }

    List<String> steps() {
        return List.copyOf(statuses.keySet());
    }

    /** The statuses seen in a cell, e.g. {@code 404}, or empty when the form did not play the step. */
    Optional<String> cell(String step, String form) {
        TreeSet<String> seen = statuses.getOrDefault(step, Map.of()).get(form);
        return seen == null ? Optional.empty() : Optional.of(String.join("/", seen));
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    boolean hasFinding(String step, String form) {
        return findings.stream().anyMatch(f -> f.step().equals(step) && f.form().equals(form));
    }
}
