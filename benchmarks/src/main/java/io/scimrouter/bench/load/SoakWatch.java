package io.scimrouter.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The soak side of a load run: the resident memory and CPU of one local process (the router under test), sampled
 * every {@code interval} from Linux {@code /proc}, next to the run's answers and errors, as a time series and a
 * summary (RSS at start, after warm-up, at its peak and at the end; CPU seconds and average share of a core). A soak
 * checks stability, not speed: memory that keeps growing after warm-up, or errors that appear after minutes, are
 * what it is for.
 */
public final class SoakWatch {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ

    /** Where the figures of a process come from ({@code /proc} in production; fixed numbers in tests). */
    public interface ProcessProbe {
        /** Resident set size now, in KiB. */
        long rssKib(long pid);

        /** The highest resident set size so far (VmHWM), in KiB. */
        long peakRssKib(long pid);

        /** utime + stime, in clock ticks (1/100 s). */
        long cpuTicks(long pid);

        /** {@code /proc/PID/status} and {@code /proc/PID/stat}. */
        ProcessProbe PROC = new ProcessProbe() {
            @Override
            public long rssKib(long pid) {
                return statusKib(pid, "VmRSS:");
            }

            @Override
            public long peakRssKib(long pid) {
                return statusKib(pid, "VmHWM:");
            }

            @Override
            public long cpuTicks(long pid) {
                return ProcessCpuWatch.ticks(Path.of("/proc", Long.toString(pid), "stat"));
            }
        };
    }

    /**
     * One sample.
     *
     * @param answered answers so far (warm-up included), errors likewise
     * @param cpuPercent share of one core the process used since the previous sample
     */
    public record Sample(double elapsedSeconds, boolean warmingUp, long answered, long errors, double rps,
                         double rssMib, double cpuPercent, double cpuSeconds) {
    }

    private final long pid;
    private final long intervalNanos;
    private final ProcessProbe probe;
    private final LongSupplier clock;
    private final List<Sample> samples = new ArrayList<>();
    private long startNanos;
    private long startTicks;
    private long lastNanos;
    private long lastTicks;
    private long lastAnswered;
    private long peakKib;

    public SoakWatch(long pid, java.time.Duration interval) {
        this(pid, interval, ProcessProbe.PROC, System::nanoTime);
    }

    public SoakWatch(long pid, java.time.Duration interval, ProcessProbe probe, LongSupplier clock) {
        this.pid = pid;
        this.intervalNanos = interval.toNanos();
        this.probe = probe;
        this.clock = clock;
    }

    /** The first sample, before any load: the process at rest. */
    public void start() {
        startNanos = clock.getAsLong();
        startTicks = probe.cpuTicks(pid);
        lastNanos = startNanos;
        lastTicks = startTicks;
        record(startNanos, startTicks, true, 0, 0);
    }

    /** Called with every progress line (once a second); samples when an interval has passed since the last. */
    public void progress(boolean warmingUp, long answered, long errors) {
        long now = clock.getAsLong();
        if (now - lastNanos >= intervalNanos) {
            record(now, probe.cpuTicks(pid), warmingUp, answered, errors);
        }
    }

    /** The last sample, after the run. */
    public void finish(long answered, long errors) {
        record(clock.getAsLong(), probe.cpuTicks(pid), false, answered, errors);
        peakKib = Math.max(peakKib, probe.peakRssKib(pid));
    }

    private void record(long now, long ticks, boolean warmingUp, long answered, long errors) {
        long rss = probe.rssKib(pid);
        peakKib = Math.max(peakKib, rss);
        double seconds = (now - lastNanos) / 1e9;
        double cpuPercent = seconds <= 0 ? 0 : 100.0 * (ticks - lastTicks) / TICKS_PER_SECOND / seconds;
        double rps = seconds <= 0 ? 0 : (answered - lastAnswered) / seconds;
        samples.add(new Sample((now - startNanos) / 1e9, warmingUp, answered, errors, rps, rss / 1024.0,
                cpuPercent, (ticks - startTicks) / TICKS_PER_SECOND));
        lastNanos = now;
        lastTicks = ticks;
        lastAnswered = answered;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    public double rssStartMib() {
        return samples.get(0).rssMib();
    }

    /** The first sample after warm-up (the last sample when the run had none). */
    public double rssAfterWarmupMib() {
        return samples.stream().skip(1).filter(s -> !s.warmingUp()).findFirst()
                .orElse(samples.get(samples.size() - 1)).rssMib();
    }

    /** The highest RSS seen: sampled, or the kernel's high-water mark at the end, whichever is higher. */
    public double rssPeakMib() {
        return peakKib / 1024.0;
    }

    public double rssEndMib() {
        return samples.get(samples.size() - 1).rssMib();
    }

    /** CPU seconds from start to finish. */
    public double cpuSeconds() {
        return samples.get(samples.size() - 1).cpuSeconds();
    }

    /** Average share of one core from start to finish, in percent. */
    public double cpuPercent() {
        double seconds = samples.get(samples.size() - 1).elapsedSeconds();
        return seconds <= 0 ? 0 : 100.0 * cpuSeconds() / seconds;
    }

    /** The summary lines, in the load report's table style. */
    public String table() {
        return String.format(Locale.ROOT, "%-12s pid %d, %d samples%n", "soak", pid, samples.size())
                + String.format(Locale.ROOT, "%-12s start %.1f  after warm-up %.1f  peak %.1f  end %.1f%n",
                        "rss MiB", rssStartMib(), rssAfterWarmupMib(), rssPeakMib(), rssEndMib())
                + String.format(Locale.ROOT, "%-12s %.1f s, %.1f %% of a core on average%n", "cpu",
                        cpuSeconds(), cpuPercent());
    }

    /** The time series as CSV: one row per sample. */
    public String csv() {
        StringBuilder out = new StringBuilder(
                "elapsed_s,warming_up,answered,errors,req_per_s,rss_mib,cpu_percent,cpu_s\n");
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, "%.1f,%b,%d,%d,%.1f,%.1f,%.1f,%.2f%n", s.elapsedSeconds(),
                    s.warmingUp(), s.answered(), s.errors(), s.rps(), s.rssMib(), s.cpuPercent(), s.cpuSeconds()));
        }
        return out.toString();
    }

    public void writeCsv(Path file) {
        try {
            Files.writeString(file, csv());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static long statusKib(long pid, String field) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " (is the process running?)", e);
        }
        throw new IllegalStateException(status + " has no " + field);
    }
}
