package io.scimrouter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The package rules ({@link LayeringRules}) applied to the router's main classes; a violation fails the build. */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String ROOT = "io.scimrouter";

    @ArchTest
    static void pureDecisionsStayOffTheNetworkSide(JavaClasses classes) {
        LayeringRules.pureDecisionsStayOffTheNetworkSide(ROOT).check(classes);
    }

    @ArchTest
    static void decisionsAreFreeOfNetty(JavaClasses classes) {
        LayeringRules.decisionsAreFreeOfNetty(ROOT).check(classes);
    }

    @ArchTest
    static void rewriteUsesOnlyNettyBuffers(JavaClasses classes) {
        LayeringRules.rewriteUsesOnlyNettyBuffers(ROOT).check(classes);
    }

    @ArchTest
    static void rootIsImportedByNobody(JavaClasses classes) {
        LayeringRules.rootIsImportedByNobody(ROOT).check(classes);
    }

    @ArchTest
    static void packagesAreFreeOfCycles(JavaClasses classes) {
        LayeringRules.packagesAreFreeOfCycles(ROOT).check(classes);
    }

    @ArchTest
    static void netIsALeaf(JavaClasses classes) {
        LayeringRules.netIsALeaf(ROOT).check(classes);
    }

    @ArchTest
    static void demoIsIndependentOfTheRouter(JavaClasses classes) {
        LayeringRules.demoIsIndependentOfTheRouter(ROOT).check(classes);
    }

    @ArchTest
    static void observersAreWiredByTheRoot(JavaClasses classes) {
        LayeringRules.observersAreWiredByTheRoot(ROOT).check(classes);
    }

    @ArchTest
    static void accessLogIsFreeOfNetty(JavaClasses classes) {
        LayeringRules.accessLogIsFreeOfNetty(ROOT).check(classes);
    }
}
