package io.scimrouter.mutation;

import io.scimrouter.mutation.MutationScoreCheck.Equivalent;
import io.scimrouter.mutation.MutationScoreCheck.Mutant;
import io.scimrouter.mutation.MutationScoreCheck.PackageScore;
import io.scimrouter.mutation.MutationScoreCheck.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutationScoreCheckTest {
    private static final String BOUNDARY = "org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator";
    private static final String REMOVE = "org.pitest.mutationtest.engine.gregor.mutators.RemoveConditionalMutator"
            + "_EQUAL_ELSE";

    private static Mutant mutant(String status, String className, String method, String mutator, String line) {
        return new Mutant(status, className, method, mutator, "a description", 12, line);
    }

    private static List<Mutant> route(int killed, int survived) {
        List<Mutant> mutants = new java.util.ArrayList<>();
        for (int i = 0; i < killed; i++) {
            mutants.add(mutant(i % 2 == 0 ? "KILLED" : "TIMED_OUT", "a.route.P", "m", BOUNDARY, "x < y"));
        }
        for (int i = 0; i < survived; i++) {
            mutants.add(mutant(i % 2 == 0 ? "SURVIVED" : "NO_COVERAGE", "a.route.P", "m", BOUNDARY, "x < y"));
        }
        return mutants;
    }

    @Test
    void eachPackageIsScoredOnItsOwn() {
        List<Mutant> mutants = new java.util.ArrayList<>(route(9, 1));
        mutants.add(mutant("SURVIVED", "a.rewrite.R", "m", BOUNDARY, "i < n"));
        mutants.add(mutant("KILLED", "a.rewrite.R$Inner", "m", BOUNDARY, "i < n"));
        Result result = MutationScoreCheck.check(mutants, List.of());
        assertThat(result.packages()).containsExactly(
                new PackageScore("a.rewrite", 2, 1, 1, 0, 0, 0),
                new PackageScore("a.route", 10, 9, 1, 0, 0, 0));
        assertThat(result.packages().get(1).percent()).isEqualTo(90.0);
        // 90 % overall would pass PIT's own threshold; rewrite alone is at 50 %
        assertThat(result.passes(90)).isFalse();
        assertThat(MutationScoreCheck.check(route(9, 1), List.of()).passes(90)).isTrue();
        assertThat(MutationScoreCheck.check(route(8, 2), List.of()).passes(90)).isFalse();
    }

    @Test
    void listedEquivalentMutants_leaveTheCount_andOnlyThoseThatMatchEveryField() {
        List<Mutant> mutants = List.of(
                mutant("SURVIVED", "a.route.P", "m", BOUNDARY, "    if (i + 2 < end) {"),
                mutant("SURVIVED", "a.route.P", "m", REMOVE, "    if (i + 2 < end) {"),
                mutant("SURVIVED", "a.route.P", "other", BOUNDARY, "    if (i + 2 < end) {"),
                mutant("KILLED", "a.route.P", "m", BOUNDARY, "x"));
        Equivalent listed = new Equivalent(5, "a.route.P", "m", "ConditionalsBoundaryMutator", "i + 2 < end",
                "the escape was checked before");
        Result result = MutationScoreCheck.check(mutants, List.of(listed));
        assertThat(result.excused().get(listed)).containsExactly(mutants.get(0));
        assertThat(result.survivors()).containsExactly(mutants.get(1), mutants.get(2));
        assertThat(result.packages()).containsExactly(new PackageScore("a.route", 4, 1, 2, 0, 1, 0));
        assertThat(result.packages().get(0).percent()).isEqualTo(100.0 / 3);
        assertThat(result.stale()).isEmpty();
    }

    @Test
    void aListedMutantThatNoLongerSurvives_failsTheCheck() {
        Equivalent listed = new Equivalent(7, "a.route.P", "m", "ConditionalsBoundaryMutator", "x < y", "why");
        Result result = MutationScoreCheck.check(route(10, 0), List.of(listed));
        assertThat(result.stale()).containsExactly(listed);
        assertThat(result.passes(90)).isFalse();
    }

    @Test
    void nonViableMutants_countNeitherWay_andAnEmptyReportNeverPasses() {
        List<Mutant> mutants = new java.util.ArrayList<>(route(9, 0));
        mutants.add(mutant("NON_VIABLE", "a.route.P", "m", BOUNDARY, "x"));
        assertThat(MutationScoreCheck.check(mutants, List.of()).packages().get(0))
                .isEqualTo(new PackageScore("a.route", 10, 9, 0, 0, 0, 1));
        assertThat(MutationScoreCheck.check(List.of(), List.of()).passes(0)).isFalse();
    }

    @Test
    void readsPitsXml_withTheSourceLineOfEachMutant(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/a/route/P.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package a.route;\nclass P {\n    int m(int i) { return i < 3 ? 1 : 2; }\n}\n");
        Path report = dir.resolve("mutations.xml");
        Files.writeString(report, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutations partial=\"false\">"
                + "<mutation detected='false' status='SURVIVED' numberOfTestsRun='2'><sourceFile>P.java</sourceFile>"
                + "<mutatedClass>a.route.P</mutatedClass><mutatedMethod>m</mutatedMethod>"
                + "<methodDescription>(I)I</methodDescription><lineNumber>3</lineNumber>"
                + "<mutator>" + BOUNDARY + "</mutator><indexes><index>4</index></indexes><blocks><block>0</block>"
                + "</blocks><killingTest/><description>changed conditional boundary</description></mutation>"
                + "</mutations>");
        List<Mutant> mutants = MutationScoreCheck.readMutants(report, dir.resolve("src"));
        assertThat(mutants).containsExactly(new Mutant("SURVIVED", "a.route.P", "m", BOUNDARY,
                "changed conditional boundary", 3, "    int m(int i) { return i < 3 ? 1 : 2; }"));
        assertThat(mutants.get(0).mutatorName()).isEqualTo("ConditionalsBoundaryMutator");
        assertThat(mutant("SURVIVED", "a.P", "m", REMOVE, "").mutatorName()).isEqualTo("RemoveConditionalMutator");
    }

    @Test
    void readsTheEquivalentList_andRefusesALineWithoutAReason(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("equivalent-mutants.txt");
        Files.writeString(list, "# comment\n\na.route.P | m | ConditionalsBoundaryMutator | i + 2 < end | "
                + "the escape | was checked before\n");
        assertThat(MutationScoreCheck.readEquivalents(list)).containsExactly(new Equivalent(3, "a.route.P", "m",
                "ConditionalsBoundaryMutator", "i + 2 < end", "the escape | was checked before"));
        Files.writeString(list, "a.route.P | m | ConditionalsBoundaryMutator | i + 2 < end |  \n");
        assertThatThrownBy(() -> MutationScoreCheck.readEquivalents(list))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(list + ":1: expected class | method | mutator | source text | reason");
    }

    @Test
    void theSummaryNamesEveryPackage_theSurvivors_andTheExcused() {
        List<Mutant> mutants = new java.util.ArrayList<>(route(8, 2));
        mutants.add(mutant("SURVIVED", "a.rewrite.R", "m", BOUNDARY, "  i < n  "));
        Equivalent listed = new Equivalent(1, "a.rewrite.R", "m", "ConditionalsBoundaryMutator", "i < n", "why not");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MutationScoreCheck.print(MutationScoreCheck.check(mutants, List.of(listed)), 90,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("a.rewrite                        1       0        0           0          1  100.0%  ok")
                .contains("a.route                         10       8        1           1          0   80.0%  BELOW")
                .contains("P.m:12 SURVIVED ConditionalsBoundaryMutator (a description)  |  x < y")
                .contains("R.m:12 SURVIVED ConditionalsBoundaryMutator (a description)  |  i < n\n"
                        + "      because why not");
    }
}
