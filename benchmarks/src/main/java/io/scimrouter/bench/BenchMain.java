package io.scimrouter.bench;

import io.scimrouter.bench.chart.ChartCommand;
import io.scimrouter.bench.cli.UsageException;
import io.scimrouter.bench.load.LoadCommand;
import io.scimrouter.bench.stub.StubBackendCommand;
import io.scimrouter.bench.verify.VerifyCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of scim-router-bench.jar. */
@Command(name = "scim-router-bench", mixinStandardHelpOptions = true,
        description = "Rollout verification, load generator, stub SCIM backend, chart writer and JMH suites for "
                + "scim-tenant-router.",
        subcommands = {VerifyCommand.class, LoadCommand.class, StubBackendCommand.class, ChartCommand.class,
                JmhCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    /** Bad options, unreachable target, or anything else that kept a command from judging: one line, this status. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws Exception {
        // the router started in-process for the embedded demo logs at INFO otherwise, in the middle of the tables
        if (System.getProperty("SCIM_ROUTER_LOG_LEVEL") == null && System.getenv("SCIM_ROUTER_LOG_LEVEL") == null) {
            System.setProperty("SCIM_ROUTER_LOG_LEVEL", "WARN");
        }
        if (args.length > 0 && args[0].equals("jmh") && !(args.length == 2 && args[1].equals("--help"))) {
            // JMH's options (-f, -r, -wi ...) are its own: hand them over untouched, picocli would claim some
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with one-line errors: a bad option or value, and any exception a command throws, print
     * one line on stderr and give exit status 2 (a stack trace helps nobody who mistyped a URL).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(110);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + e.getMessage() + " (see '"
                    + failed.getCommandSpec().qualifiedName(" ").replaceFirst("^scim-router-bench ", "")
                    + " --help')");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandName() + ": " + oneLine(e));
            return EXIT_USAGE;
        });
        return cli;
    }

    static String oneLine(Throwable e) {
        if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return "failed: " + root.getClass().getSimpleName() + message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
