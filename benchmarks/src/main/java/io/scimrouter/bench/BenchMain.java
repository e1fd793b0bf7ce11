package io.scimrouter.bench;

import io.scimrouter.bench.chart.ChartCommand;
import io.scimrouter.bench.load.LoadCommand;
import io.scimrouter.bench.stub.StubBackendCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of scim-router-bench.jar. */
@Command(name = "scim-router-bench", mixinStandardHelpOptions = true,
        description = "Load generator, stub SCIM backend, chart writer and JMH suites for scim-tenant-router.",
        subcommands = {StubBackendCommand.class, LoadCommand.class, ChartCommand.class, JmhCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH's options (-f, -r, -wi ...) are its own: hand them over untouched, picocli would claim some
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpWidth(110);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
