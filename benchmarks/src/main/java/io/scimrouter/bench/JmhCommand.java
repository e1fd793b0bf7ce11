package io.scimrouter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** Hands every remaining argument to JMH's own command line, e.g. {@code jmh JsonRewrite -f 1 -wi 3}. */
@Command(name = "jmh", description = "Run the JMH suites; all arguments go to org.openjdk.jmh.Main (try: jmh -h).")
final class JmhCommand implements Callable<Integer> {
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
