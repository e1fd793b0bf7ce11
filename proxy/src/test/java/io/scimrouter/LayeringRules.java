package io.scimrouter;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the router, each a function of the root package so that {@link LayeringRulesTest} can show
 * on small fixtures that every rule catches what it is meant to catch; {@link ArchitectureTest} applies them to the
 * router itself.
 *
 * <pre>
 *   root (Main, Router: wiring)  imports everything, imported by nothing
 *   server, upstream, admin, tls the network side: Netty channels and pipelines
 *   route, tenant, config,       pure decisions: no Netty, never the network side or the root
 *   policy, compare, rewrite,    (rewrite: Netty buffers and utilities only)
 *   limit
 *   net                          the socket transport, a leaf
 *   demo                         the embedded backend: independent of the router but for net
 *   shadow                       the shadow comparison, an ExchangeListener: compare, server's listener types
 *   metrics, accesslog,          observers and the router's life: wired by the root, imported by no package
 *   lifecycle                    below it (the network side tells an ExchangeListener); accesslog without Netty
 * </pre>
 */
final class LayeringRules {
    private LayeringRules() {
    }

    /** Pure decisions are called by the network side, never the other way round. */
    static ArchRule pureDecisionsStayOffTheNetworkSide(String root) {
        return noClasses().that()
                .resideInAnyPackage(pure(root, "route", "rewrite", "tenant", "config", "policy", "compare", "limit"))
                .should().dependOnClassesThat().resideInAnyPackage(root + ".server..", root + ".upstream..",
                        root + ".admin..", root + ".demo..", root)
                .because("the pure packages hold the decisions the network side applies");
    }

    /** The decisions that carry most unit tests run without channels, buffers or event loops. */
    static ArchRule decisionsAreFreeOfNetty(String root) {
        return noClasses().that().resideInAnyPackage(pure(root, "route", "tenant", "config", "policy", "compare",
                "limit"))
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("pure decisions are tested with plain values, not with Netty types");
    }

    /** The rewriter streams ByteBufs and nothing more of Netty. */
    static ArchRule rewriteUsesOnlyNettyBuffers(String root) {
        return noClasses().that().resideInAPackage(root + ".rewrite..")
                .should().dependOnClassesThat(resideInAPackage("io.netty..")
                        .and(not(resideInAnyPackage("io.netty.buffer..", "io.netty.util.."))))
                .because("the rewriter transforms buffers; channels and pipelines belong to server and upstream");
    }

    /** The root package wires everything; a package that imports it closes a cycle through the root. */
    static ArchRule rootIsImportedByNobody(String root) {
        return noClasses().that().resideOutsideOfPackage(root)
                .should().dependOnClassesThat().resideInAPackage(root)
                .because("Main and Router wire the packages together; shared types belong in a package of their own");
    }

    /** No two packages below the root depend on each other, directly or through others. */
    static ArchRule packagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** The socket transport is a leaf every side may use. */
    static ArchRule netIsALeaf(String root) {
        return noClasses().that().resideInAPackage(root + ".net..")
                .should().dependOnClassesThat(resideInAPackage(root + "..").and(not(resideInAPackage(root + ".net.."))))
                .because("net is shared by the router, the demo, the tests and the benchmarks");
    }

    /** The demo stands in for a backend and shares only the transport with the router. */
    static ArchRule demoIsIndependentOfTheRouter(String root) {
        return noClasses().that().resideInAPackage(root + ".demo..")
                .should().dependOnClassesThat(resideInAPackage(root + "..")
                        .and(not(resideInAnyPackage(root + ".demo..", root + ".net.."))))
                .because("a backend stand-in that shared the router's code could hide the router's mistakes");
    }

    /** The network side and the decisions report through listeners; the observers are wired in by the root. */
    static ArchRule observersAreWiredByTheRoot(String root) {
        return noClasses().that()
                .resideInAnyPackage(pure(root, "server", "upstream", "route", "rewrite", "tenant", "config", "policy",
                        "compare", "net", "demo", "shadow", "tls", "watch", "limit"))
                .should().dependOnClassesThat().resideInAnyPackage(pure(root, "metrics", "accesslog", "lifecycle"))
                .because("an exchange tells its ExchangeListener; what listens is the wiring's choice");
    }

    /** The access log formats on its own thread: it has no business with channels or event loops. */
    static ArchRule accessLogIsFreeOfNetty(String root) {
        return noClasses().that().resideInAPackage(root + ".accesslog..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the access log reads outcomes and writes lines on its appender's thread");
    }

    private static String[] pure(String root, String... packages) {
        String[] result = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            result[i] = root + "." + packages[i] + "..";
        }
        return result;
    }
}
