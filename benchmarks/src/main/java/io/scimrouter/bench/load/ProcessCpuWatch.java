package io.scimrouter.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * CPU seconds (user + system, all threads) that a set of local processes use during the measured window, read from
 * Linux {@code /proc/PID/stat}. Sampling at the window's edges, inside the generator, keeps warm-up traffic and JVM
 * start-up of the generator out of a proxy's CPU-per-request figure.
 */
public final class ProcessCpuWatch implements LoadGenerator.MeasurementWindow {
    /** USER_HZ: the unit of utime and stime; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;
    private long ticksAtOpen = -1;
    private long ticksAtClose = -1;

    public ProcessCpuWatch(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    @Override
    public void opened() {
        ticksAtOpen = totalTicks();
    }

    @Override
    public void closed() {
        if (ticksAtOpen >= 0) {
            ticksAtClose = totalTicks();
        }
    }

    /** CPU seconds used between opening and closing; empty when the window never opened. */
    public OptionalDouble cpuSeconds() {
        return ticksAtClose < 0 ? OptionalDouble.empty()
                : OptionalDouble.of((ticksAtClose - ticksAtOpen) / TICKS_PER_SECOND);
    }

    private long totalTicks() {
        long sum = 0;
        for (long pid : pids) {
            sum += ticks(Path.of("/proc", Long.toString(pid), "stat"));
        }
        return sum;
    }

    /** utime + stime of one process; fields 14 and 15, counted after the parenthesised command name. */
    static long ticks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat + " (is the process running?)", e);
        }
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" +");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
