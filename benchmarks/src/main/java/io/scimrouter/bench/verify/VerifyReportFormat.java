package io.scimrouter.bench.verify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The report as a table per step and form for people, and as JSON for scripts. */
public final class VerifyReportFormat {
    private VerifyReportFormat() {
    }

    public static String table(VerifyReport r) {
        StringBuilder out = new StringBuilder();
        int stepWidth = Math.max(4, r.steps().stream().mapToInt(String::length).max().orElse(4)) + 2;
        int formWidth = Math.max(10, r.forms().stream().mapToInt(String::length).max().orElse(10) + 2);
        StringBuilder header = new StringBuilder(pad("step", stepWidth));
        r.forms().forEach(f -> header.append(pad(f, formWidth)));
        out.append(header.toString().stripTrailing()).append(System.lineSeparator());
        for (String step : r.steps()) {
            StringBuilder line = new StringBuilder(pad(step, stepWidth));
            for (String form : r.forms()) {
                VerifyReport.Cell cell = r.cell(step, form);
                line.append(pad(cell.status().map(s -> s + (cell.ok() ? " ok" : " DIFF")).orElse("."), formWidth));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    public static String findings(VerifyReport r) {
        List<Finding> findings = r.findings();
        if (findings.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(System.lineSeparator()).append("Differences (").append(findings.size()).append("):")
                .append(System.lineSeparator());
        for (Finding f : findings) {
            out.append(String.format(Locale.ROOT, "  %s  %s  %s  [%s]%n", f.step(), f.form(), f.path(), f.check()));
            out.append(String.format(Locale.ROOT, "      expected: %s%n", shown(f.expected())));
            out.append(String.format(Locale.ROOT, "      got:      %s%n", shown(f.actual())));
        }
        return out.toString();
    }

    public static String summary(VerifyReport r) {
        CreatedResources.Outcome c = r.cleanup();
        String cleanup = c == null ? "not run" : String.format(Locale.ROOT, "%d created, %d removed at the end "
                + "(the rest deleted by steps), %s", c.created(), c.removed(),
                c.leftBehind().isEmpty() ? "nothing left behind" : c.leftBehind().size() + " LEFT BEHIND");
        return String.format(Locale.ROOT, "%nrun %s against %s%n%d steps, %d forms, %d answers checked; ETag %s, "
                + "Bulk %s%ncleanup: %s%nresult: %s%n", r.runId(), r.target(), r.steps().size(), r.forms().size(),
                r.cellsChecked(), r.features().etag() ? "announced" : "not announced",
                r.features().bulk() ? "offered" : "not offered", cleanup,
                r.matched() ? "every form answers the same (exit 0)"
                        : r.findings().size() + " difference(s) (exit 1)");
    }

    private static String shown(String value) {
        return value == null ? "(absent)" : value;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    public static void writeJson(VerifyReport r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("target", r.target());
            g.writeStringField("runId", r.runId());
            g.writeStringField("result", r.matched() ? "match" : "difference");
            g.writeArrayFieldStart("forms");
            for (String form : r.forms()) {
                g.writeString(form);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("features");
            g.writeBooleanField("etag", r.features().etag());
            g.writeBooleanField("bulk", r.features().bulk());
            g.writeBooleanField("sort", r.features().sort());
            g.writeEndObject();
            g.writeArrayFieldStart("steps");
            for (String step : r.steps()) {
                g.writeStartObject();
                g.writeStringField("step", step);
                g.writeObjectFieldStart("forms");
                for (String form : r.forms()) {
                    VerifyReport.Cell cell = r.cell(step, form);
                    if (cell.status().isPresent()) {
                        g.writeObjectFieldStart(form);
                        g.writeStringField("status", cell.status().get());
                        g.writeBooleanField("ok", cell.ok());
                        g.writeEndObject();
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("differences");
            for (Finding f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("step", f.step());
                g.writeStringField("form", f.form());
                g.writeStringField("check", f.check());
                g.writeStringField("path", f.path());
                g.writeStringField("expected", f.expected());
                g.writeStringField("actual", f.actual());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.cleanup() != null) {
                g.writeObjectFieldStart("cleanup");
                g.writeNumberField("created", r.cleanup().created());
                g.writeNumberField("removedAtEnd", r.cleanup().removed());
                g.writeArrayFieldStart("leftBehind");
                for (String left : r.cleanup().leftBehind()) {
                    g.writeString(left);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }
}
