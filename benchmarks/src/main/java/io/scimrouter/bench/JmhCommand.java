package io.scimrouter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Hands every remaining argument to JMH's own command line, e.g. {@code jmh JsonRewrite -f 1 -wi 3}. From the jar,
 * {@link BenchMain#main} passes them on before picocli sees them; only {@code jmh --help} is answered here.
 */
@Command(name = "jmh",
        description = {"Run the JMH suites; all arguments go to org.openjdk.jmh.Main.",
                "Suites: JsonRewrite, TenantCache, RouteParser, ProxyRoundTrip.",
                "Examples: jmh JsonRewrite -f 1 -wi 3 -i 5 -w 1s -r 1s    jmh -l (list)    jmh -h (JMH's options)"})
final class JmhCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit; -h is JMH's own.")
    private boolean help;

    @Parameters(arity = "0..*", paramLabel = "JMH_ARGS", description = "arguments for JMH")
    private List<String> arguments = new ArrayList<>();

    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(unmatched);
        org.openjdk.jmh.Main.main(all.toArray(String[]::new));
        return 0;
    }
}
