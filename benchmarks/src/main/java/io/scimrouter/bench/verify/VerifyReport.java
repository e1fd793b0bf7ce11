package io.scimrouter.bench.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The outcome of a run: a cell per step and form, the findings, and what cleaning up did. */
public final class VerifyReport {
    /** One table cell: the status(es) answered, or empty when the form did not play the step. */
    public record Cell(Optional<String> status, boolean ok) {
    }

    private final String target;
    private final String runId;
    private final List<String> forms;
    private final Features features;
    private final StepLog log;
    private final CreatedResources.Outcome cleanup;

    VerifyReport(String target, String runId, List<String> forms, Features features, StepLog log,
            CreatedResources.Outcome cleanup) {
        this.target = target;
        this.runId = runId;
        this.forms = List.copyOf(forms);
        this.features = features;
        this.log = log;
        this.cleanup = cleanup;
    }

    public String target() {
        return target;
    }

    public String runId() {
        return runId;
    }

    public List<String> forms() {
        return forms;
    }

    public List<String> steps() {
        return log.steps();
    }

    Features features() {
        return features;
    }

    public Cell cell(String step, String form) {
        return new Cell(log.cell(step, form), !log.hasFinding(step, form));
    }

    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>(log.findings());
        if (cleanup != null) {
            for (String left : cleanup.leftBehind()) {
                all.add(new Finding("cleanup", "-", "cleanup", "-", "deleted", left));
            }
        }
        return all;
    }

    public CreatedResources.Outcome cleanup() {
        return cleanup;
    }

    /** Every cell played and no finding: exit status 0. */
    public boolean matched() {
        return findings().isEmpty();
    }

    /** Cells with an answer (a status), over all steps and forms. */
    public int cellsChecked() {
        int n = 0;
        for (String step : steps()) {
            for (String form : forms) {
                if (cell(step, form).status().filter(s -> !s.equals("-")).isPresent()) {
                    n++;
                }
            }
        }
        return n;
    }
}
