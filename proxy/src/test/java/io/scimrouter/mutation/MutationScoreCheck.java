package io.scimrouter.mutation;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads PIT's mutations.xml and fails when a package kills less than the threshold of its mutants. PIT's own
 * mutationThreshold is one figure for all packages together; this gives each package its own.
 *
 * <p>Mutants listed in the equivalent-mutants file are taken out of their package's count: they cannot be killed,
 * since no input tells the mutated code from the original. Each line of that file is
 * {@code class | method | mutator | text on the mutated source line | why it cannot be killed}; a line matches the
 * surviving mutants of that class and method, made by that mutator (PIT's class name without package and suffix),
 * on a source line that contains the text. A listed line that matches no survivor fails the check too: the mutant
 * was killed after all, or the code moved, and the list must say so.
 *
 * <p>Uses the JDK only, so it also runs on its own, on a report that already exists:
 * <pre>java proxy/src/test/java/io/scimrouter/mutation/MutationScoreCheck.java proxy/target/pit-reports/mutations.xml \
 *     proxy/src/test/mutation/equivalent-mutants.txt proxy/src/main/java 90</pre>
 */
public final class MutationScoreCheck {
    private static final Set<String> DETECTED = Set.of("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR");
    private static final int SURVIVORS_SHOWN = 40;

    record Mutant(String status, String className, String method, String mutator, String description,
                  int line, String sourceLine) {

        String packageName() {
            int dot = className.lastIndexOf('.');
            return dot < 0 ? "" : className.substring(0, dot);
        }

        boolean detected() {
            return DETECTED.contains(status);
        }

        /** PIT's mutator class without its package and without a variant suffix such as {@code _EQUAL_ELSE}. */
        String mutatorName() {
            String simple = mutator.substring(mutator.lastIndexOf('.') + 1);
            int variant = simple.indexOf('_');
            return variant < 0 ? simple : simple.substring(0, variant);
        }

        String describe() {
            String simpleClass = className.substring(className.lastIndexOf('.') + 1);
            return simpleClass + "." + method + ":" + line + " " + status + " " + mutatorName() + " (" + description
                    + ")  |  " + sourceLine.strip();
        }
    }

    record Equivalent(int lineNumber, String className, String method, String mutator, String sourceText,
                      String reason) {

        boolean matches(Mutant mutant) {
            return mutant.className().equals(className) && mutant.method().equals(method)
                    && mutant.mutatorName().equals(mutator) && mutant.sourceLine().contains(sourceText);
        }
    }

    /** One package's counts; {@code countable} leaves out the equivalent and the non-viable mutants. */
    record PackageScore(String name, int mutants, int detected, int survived, int noCoverage, int equivalent,
                        int nonViable) {

        int countable() {
            return mutants - equivalent - nonViable;
        }

        double percent() {
            return countable() == 0 ? 100.0 : 100.0 * detected / countable();
        }
    }

    record Result(List<PackageScore> packages, List<Mutant> survivors, Map<Equivalent, List<Mutant>> excused,
                  List<Equivalent> stale) {

        boolean passes(double threshold) {
            return !packages.isEmpty() && stale.isEmpty()
                    && packages.stream().allMatch(p -> p.percent() >= threshold);
        }
    }

    private MutationScoreCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: MutationScoreCheck mutations.xml equivalent-mutants.txt sourceRoot threshold");
            System.exit(2);
        }
        Path sourceRoot = Path.of(args[2]);
        List<Mutant> mutants = readMutants(Path.of(args[0]), sourceRoot);
        List<Equivalent> equivalents = readEquivalents(Path.of(args[1]));
        double threshold = Double.parseDouble(args[3]);
        Result result = check(mutants, equivalents);
        print(result, threshold, System.out);
        if (!result.passes(threshold)) {
            System.exit(1);
        }
    }

    static Result check(List<Mutant> mutants, List<Equivalent> equivalents) {
        Map<Equivalent, List<Mutant>> excused = new java.util.LinkedHashMap<>();
        for (Equivalent equivalent : equivalents) {
            excused.put(equivalent, new ArrayList<>());
        }
        Map<String, int[]> counts = new TreeMap<>(); // mutants, detected, survived, no coverage, equivalent, non-viable
        List<Mutant> survivors = new ArrayList<>();
        for (Mutant mutant : mutants) {
            int[] c = counts.computeIfAbsent(mutant.packageName(), p -> new int[6]);
            c[0]++;
            if (mutant.detected()) {
                c[1]++;
                continue;
            }
            if (mutant.status().equals("NON_VIABLE")) {
                c[5]++;
                continue;
            }
            Equivalent listed = equivalents.stream().filter(e -> e.matches(mutant)).findFirst().orElse(null);
            if (listed != null) {
                excused.get(listed).add(mutant);
                c[4]++;
            } else {
                survivors.add(mutant);
                if (mutant.status().equals("NO_COVERAGE")) {
                    c[3]++;
                } else {
                    c[2]++;
                }
            }
        }
        List<PackageScore> packages = new ArrayList<>();
        counts.forEach((name, c) -> packages.add(new PackageScore(name, c[0], c[1], c[2], c[3], c[4], c[5])));
        List<Equivalent> stale = equivalents.stream().filter(e -> excused.get(e).isEmpty()).toList();
        return new Result(packages, survivors, excused, stale);
    }

    static void print(Result result, double threshold, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Mutation score per package (threshold %.0f %% of the countable mutants)%n", threshold);
        out.printf(Locale.ROOT, "%-26s %7s %7s %8s %11s %10s %7s  %s%n", "package", "mutants", "killed", "survived",
                "no coverage", "equivalent", "score", "");
        for (PackageScore p : result.packages()) {
            out.printf(Locale.ROOT, "%-26s %7d %7d %8d %11d %10d %6.1f%%  %s%n", p.name(), p.mutants(), p.detected(),
                    p.survived(), p.noCoverage(), p.equivalent(), p.percent(),
                    p.percent() >= threshold ? "ok" : "BELOW THRESHOLD");
        }
        if (result.packages().isEmpty()) {
            out.println("No mutants in the report: PIT mutated nothing, so nothing was measured.");
        }
        if (!result.survivors().isEmpty()) {
            out.println();
            out.println("Surviving mutants (" + result.survivors().size() + "):");
            result.survivors().stream().limit(SURVIVORS_SHOWN).forEach(m -> out.println("  " + m.describe()));
            if (result.survivors().size() > SURVIVORS_SHOWN) {
                out.println("  ... and " + (result.survivors().size() - SURVIVORS_SHOWN)
                        + " more in target/pit-reports/index.html");
            }
        }
        int excusedCount = result.excused().values().stream().mapToInt(List::size).sum();
        if (excusedCount > 0) {
            out.println();
            out.println("Equivalent mutants, not counted (" + excusedCount + "):");
            result.excused().forEach((e, mutants) -> mutants.forEach(m ->
                    out.println("  " + m.describe() + "\n      because " + e.reason())));
        }
        if (!result.stale().isEmpty()) {
            out.println();
            out.println("Listed as equivalent but no surviving mutant matches (killed after all, or the code moved):");
            result.stale().forEach(e -> out.println("  line " + e.lineNumber() + ": " + e.className() + " | "
                    + e.method() + " | " + e.mutator() + " | " + e.sourceText()));
        }
        out.println();
    }

    static List<Mutant> readMutants(Path report, Path sourceRoot) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(report.toFile());
        NodeList nodes = document.getElementsByTagName("mutation");
        Map<Path, List<String>> sources = new HashMap<>();
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String className = text(e, "mutatedClass");
            int line = Integer.parseInt(text(e, "lineNumber"));
            Path source = sourceFile(sourceRoot, className, text(e, "sourceFile"));
            List<String> lines = sources.computeIfAbsent(source, MutationScoreCheck::linesOf);
            String sourceLine = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
            mutants.add(new Mutant(e.getAttribute("status"), className, text(e, "mutatedMethod"),
                    text(e, "mutator"), text(e, "description"), line, sourceLine));
        }
        return mutants;
    }

    static List<Equivalent> readEquivalents(Path file) throws IOException {
        List<Equivalent> equivalents = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s*\\|\\s*", 5);
            if (fields.length != 5 || fields[4].isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1)
                        + ": expected class | method | mutator | source text | reason");
            }
            equivalents.add(new Equivalent(i + 1, fields[0], fields[1], fields[2], fields[3], fields[4]));
        }
        return equivalents;
    }

    private static Path sourceFile(Path sourceRoot, String className, String sourceFileName) {
        int dot = className.lastIndexOf('.');
        String packagePath = dot < 0 ? "" : className.substring(0, dot).replace('.', '/');
        return sourceRoot.resolve(packagePath).resolve(sourceFileName);
    }

    private static List<String> linesOf(Path source) {
        try {
            return Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
