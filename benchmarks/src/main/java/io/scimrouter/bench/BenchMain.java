package io.scimrouter.bench;

/** Entry point of scim-router-bench.jar; the benchmarks issue adds the subcommands. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.out.println("scim-router-bench: subcommands come with the benchmarks issue");
    }
}
