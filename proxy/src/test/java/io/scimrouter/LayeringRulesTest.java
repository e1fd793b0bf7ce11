package io.scimrouter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link LayeringRules} applied to the fixtures under {@code io.scimrouter.archfixture}, each of which
 * breaks one rule: so a rule that passes on the router passes because the router keeps it, not because the rule
 * cannot fail (the policy rule, for one, has no class to check in the router yet).
 */
class LayeringRulesTest {
    private static final String ROOT = "io.scimrouter.archfixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(ROOT);

    @Test
    void pureDecisionsStayOffTheNetworkSide_catchesARouteThatImportsTheServer() {
        assertThat(violations(LayeringRules.pureDecisionsStayOffTheNetworkSide(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("ParserThatKnowsTheFrontend") && line.contains("server.Frontend"));
    }

    @Test
    void decisionsAreFreeOfNetty_catchesAPolicyThatTakesAChannel() {
        assertThat(violations(LayeringRules.decisionsAreFreeOfNetty(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("PolicyThatTakesAChannel")
                        && line.contains("io.netty.channel.Channel"));
    }

    @Test
    void rewriteUsesOnlyNettyBuffers_catchesThePipeline_notTheBuffer() {
        assertThat(violations(LayeringRules.rewriteUsesOnlyNettyBuffers(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("io.netty.channel.ChannelPipeline"))
                .noneMatch(line -> line.contains("type <io.netty.buffer.ByteBuf>"));
    }

    @Test
    void rootIsImportedByNobody_catchesAPackageThatImportsTheRoot() {
        assertThat(violations(LayeringRules.rootIsImportedByNobody(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("PoolThatImportsTheRoot") && line.contains("archfixture.Wiring"));
    }

    @Test
    void packagesAreFreeOfCycles_catchesTwoPackagesThatImportEachOther() {
        assertThat(String.join(" ", violations(LayeringRules.packagesAreFreeOfCycles(ROOT))).replaceAll("\\s+", " "))
                .contains("Cycle detected: Slice left -> Slice right -> Slice left");
    }

    @Test
    void netIsALeaf_catchesATransportThatImportsAnotherPackage() {
        assertThat(violations(LayeringRules.netIsALeaf(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("TransportThatKnowsTheRoute"));
    }

    @Test
    void demoIsIndependentOfTheRouter_catchesADemoThatUsesRouterCode() {
        assertThat(violations(LayeringRules.demoIsIndependentOfTheRouter(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("DemoThatSharesRouterCode"));
    }

    @Test
    void observersAreWiredByTheRoot_catchesAFrontendThatCountsItself() {
        assertThat(violations(LayeringRules.observersAreWiredByTheRoot(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("FrontendThatCountsItself") && line.contains("metrics.Meters"));
    }

    @Test
    void accessLogIsFreeOfNetty_catchesALogThatWritesToAChannel() {
        assertThat(violations(LayeringRules.accessLogIsFreeOfNetty(ROOT)))
                .isNotEmpty()
                .allMatch(line -> line.contains("LogThatWritesToAChannel") && line.contains("io.netty.channel"));
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURES);
        return result.getFailureReport().getDetails();
    }
}
