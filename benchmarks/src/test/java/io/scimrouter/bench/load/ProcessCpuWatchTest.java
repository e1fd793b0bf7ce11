package io.scimrouter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuWatchTest {
    @Test
    void ticks_areUtimePlusStime_evenWhenTheCommandNameHasSpacesAndParentheses(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(stat, "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 31 0\\n");

        assertThat(ProcessCpuWatch.ticks(stat)).isEqualTo(1290);
    }

    @Test
    void ticks_ofAMissingProcessFailWithItsPath(@TempDir Path dir) {
        assertThatThrownBy(() -> ProcessCpuWatch.ticks(dir.resolve("gone")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("gone");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void cpuSeconds_countsWorkDoneInsideTheWindowOnly() {
        ProcessCpuWatch watch = new ProcessCpuWatch(List.of(ProcessHandle.current().pid()));
        assertThat(watch.cpuSeconds()).isEmpty();

        watch.opened();
        // 0.3 s of this thread's own CPU time, not of the wall clock: on a busy machine the thread gets far less
        // than the wall clock (a safety bound of 60 s keeps it finite)
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuDeadline = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long wallDeadline = System.nanoTime() + 60_000_000_000L;
        long spins = 0;
        while (threads.getCurrentThreadCpuTime() < cpuDeadline && System.nanoTime() < wallDeadline) {
            spins++;
        }
        watch.closed();

        assertThat(spins).isPositive();
        // 0.3 s of spinning on one thread; ticks are 10 ms, the JVM's own threads only add to it
        assertThat(watch.cpuSeconds()).isPresent();
        assertThat(watch.cpuSeconds().getAsDouble()).isBetween(0.2, 5.0);
    }

    @Test
    void cpuSeconds_isEmptyWhenTheWindowClosedWithoutOpening() {
        ProcessCpuWatch watch = new ProcessCpuWatch(List.of(ProcessHandle.current().pid()));
        watch.closed();
        assertThat(watch.cpuSeconds()).isEmpty();
    }
}
