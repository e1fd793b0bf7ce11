package io.scimrouter.tls;

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
class TlsFileWatcherTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final AtomicInteger checks = new AtomicInteger();

    @Test
    void aBurstOfFileEvents_isCheckedOnce_afterItsQuiet() throws Exception {
        try (TlsFileWatcher watcher = new TlsFileWatcher(() -> Set.of(dir), () -> AN_HOUR, true,
                checks::incrementAndGet)) {
            awaitRegistered(watcher);
            for (int i = 0; i < 5; i++) {
                Files.writeString(dir.resolve("tls.crt"), "version " + i);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 1);
            await().during(TlsFileWatcher.DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> checks.get() == 1);
        }
    }

    @Test
    void eventsInAnotherDirectory_triggerNothing() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path watched = Files.createDirectory(dir.resolve("watched"));
        try (TlsFileWatcher watcher = new TlsFileWatcher(() -> Set.of(watched), () -> AN_HOUR, true,
                checks::incrementAndGet)) {
            awaitRegistered(watcher);
            Files.writeString(other.resolve("tls.crt"), "x");

            await().during(TlsFileWatcher.DEBOUNCE.multipliedBy(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> checks.get() == 0);
        }
    }

    @Test
    void withoutEvents_theCheckRunsEveryInterval() {
        try (TlsFileWatcher watcher = new TlsFileWatcher(() -> Set.of(dir), () -> Duration.ofMillis(50), false,
                checks::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 3);
        }
    }

    @Test
    void afterClose_noCheckRuns() throws Exception {
        TlsFileWatcher watcher = new TlsFileWatcher(() -> Set.of(dir), () -> Duration.ofMillis(50), true,
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
        try (TlsFileWatcher watcher = new TlsFileWatcher(() -> Set.of(dir), () -> Duration.ofMillis(50), false,
                () -> {
                    checks.incrementAndGet();
                    throw new IllegalStateException("test: the check failed");
                })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 3);
        }
    }

    /** The directory is registered before the first wait; a first event before that would be missed by the test. */
    private static void awaitRegistered(TlsFileWatcher watcher) {
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.watchedDirectories() > 0);
    }
}
