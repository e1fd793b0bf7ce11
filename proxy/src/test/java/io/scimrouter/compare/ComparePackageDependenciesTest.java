package io.scimrouter.compare;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The comparator is shared by the verify command and the router's event loops: it must stay plain Java on
 * jackson-core (no Netty, no databind, nothing of the router), so either can call it without dragging the other in.
 */
class ComparePackageDependenciesTest {
    @Test
    void comparePackage_dependsOnJavaAndJacksonCoreOnly() {
        JavaClasses compare = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scimrouter.compare");

        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "com.fasterxml.jackson.core..", "io.scimrouter.compare..")
                .check(compare);
    }
}
