package io.scimrouter.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When the watcher runs its check: after a burst of events once, every interval regardless, never after close. */
class FileWatcherTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Duration DEBOUNCE = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final AtomicInteger checks = new AtomicInteger();

    @Test
    void aBurstOfFileEvents_isCheckedOnce_afterItsQuiet() throws Exception {
        try (FileWatcher watcher = watcher(() -> AN_HOUR, true,
                checks::incrementAndGet)) {
            awaitRegistered(watcher);
            for (int i = 0; i < 5; i++) {
                Files.writeString(dir.resolve("tls.crt"), "version " + i);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 1);
            await().during(DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> checks.get() == 1);
        }
    }

    @Test
    void eventsInAnotherDirectory_triggerNothing() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path watched = Files.createDirectory(dir.resolve("watched"));
        try (FileWatcher watcher = new FileWatcher("test", DEBOUNCE, () -> Set.of(watched), () -> AN_HOUR, true,
                checks::incrementAndGet)) {
            awaitRegistered(watcher);
            Files.writeString(other.resolve("tls.crt"), "x");

            await().during(DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> checks.get() == 0);
        }
    }

    @Test
    void withoutEvents_theCheckRunsEveryInterval() {
        try (FileWatcher watcher = watcher(() -> Duration.ofMillis(50), false,
                checks::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 3);
        }
    }

    @Test
    void afterClose_noCheckRuns() throws Exception {
        FileWatcher watcher = watcher(() -> Duration.ofMillis(50), true,
                checks::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 1);

        watcher.close();
        int atClose = checks.get();
        Files.writeString(dir.resolve("tls.crt"), "after close");

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> checks.get() == atClose);
        assertThat(watcher.isRunning()).isFalse();
    }

    @Test
    void aFailingCheck_doesNotStopTheWatcher() {
        try (FileWatcher watcher = watcher(() -> Duration.ofMillis(50), false,
                () -> {
                    checks.incrementAndGet();
                    throw new IllegalStateException("test: the check failed");
                })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 3);
        }
    }

    private FileWatcher watcher(java.util.function.Supplier<Duration> interval, boolean events, Runnable check) {
        return new FileWatcher("test", DEBOUNCE, () -> Set.of(dir), interval, events, check);
    }

    /** The directory is registered before the first wait; a first event before that would be missed by the test. */
    private static void awaitRegistered(FileWatcher watcher) {
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchedDirectories() > 0);
    }
}
