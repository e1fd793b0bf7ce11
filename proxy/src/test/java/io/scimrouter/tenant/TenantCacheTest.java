package io.scimrouter.tenant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scimrouter.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The cache's policy, against a scripted in-memory directory and a fake ticker. */
class TenantCacheTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration MAX_STALE = Duration.ofSeconds(60);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    private final ManualTicker ticker = new ManualTicker();
    private final ScriptedDirectory directory = new ScriptedDirectory();
    private TenantCache cache = cache(false, 1000);

    private TenantCache cache(boolean keyedByCaller, long maxSize) {
        return new TenantCache(directory,
                new TenantCache.Settings(TTL, MAX_STALE, NEGATIVE_TTL, maxSize, keyedByCaller, Duration.ofSeconds(7)),
                ticker, Runnable::run);
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private TenantDecision resolve(String project, String environment, String tenant) {
        return cache.resolve(new TenantQuery(project, environment, tenant, null)).join();
    }

    private TenantDecision resolve(String tenant) {
        return resolve("p1", "e1", tenant);
    }

    @Test
    void hit_answersFromMemory_withTheSameCompletedFuture() {
        directory.answer("acme", new DirectoryAnswer.Found("acme-canonical", URI.create("http://10.0.0.7:8080")));

        CompletableFuture<TenantDecision> first = cache.resolve(new TenantQuery("p1", "e1", "acme", null));
        CompletableFuture<TenantDecision> second = cache.resolve(new TenantQuery("p1", "e1", "acme", null));

        assertThat(first.join()).isEqualTo(
                new TenantDecision.Known("acme-canonical", URI.create("http://10.0.0.7:8080")));
        assertThat(second).isSameAs(first).isDone();
        assertThat(directory.askedFor("acme")).isEqualTo(1);
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void key_includesProjectAndEnvironment() {
        directory.answerWith("acme", query -> CompletableFuture.completedFuture(
                query.project().equals("p1") && query.environment().equals("e1")
                        ? new DirectoryAnswer.Found("acme", null) : new DirectoryAnswer.NotFound()));

        assertThat(resolve("p1", "e1", "acme")).isInstanceOf(TenantDecision.Known.class);
        assertThat(resolve("p2", "e1", "acme")).isInstanceOf(TenantDecision.Unknown.class);
        assertThat(resolve("p1", "e2", "acme")).isInstanceOf(TenantDecision.Unknown.class);
        assertThat(directory.askedFor("acme")).isEqualTo(3);
    }

    @Test
    void refresh_afterTtl_servesTheOldAnswerWhileTheDirectoryIsAsked_thenTheNewOne() {
        directory.answer("acme", new DirectoryAnswer.Found("acme-v1", null));
        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Known("acme-v1", null));

        CompletableFuture<DirectoryAnswer> pendingRefresh = new CompletableFuture<>();
        directory.answerWith("acme", query -> pendingRefresh);
        ticker.advance(TTL.plusSeconds(1));

        CompletableFuture<TenantDecision> duringRefresh = cache.resolve(new TenantQuery("p1", "e1", "acme", null));
        assertThat(duringRefresh).isDone();
        assertThat(duringRefresh.join()).isEqualTo(new TenantDecision.Known("acme-v1", null));
        assertThat(directory.askedFor("acme")).isEqualTo(2);

        pendingRefresh.complete(new DirectoryAnswer.Found("acme-v2", null));
        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Known("acme-v2", null));
        assertThat(directory.askedFor("acme")).isEqualTo(2);
    }

    @Test
    void refresh_thatFindsTheTenantGone_makesItUnknown() {
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));
        resolve("acme");
        directory.answer("acme", new DirectoryAnswer.NotFound());
        ticker.advance(TTL.plusSeconds(1));

        resolve("acme"); // triggers the refresh, still served from cache

        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Unknown.class);
    }

    @Test
    void directoryDown_knownTenantServedUntilMaxStale_thenUnavailable() {
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));
        resolve("acme");
        directory.fail("acme");

        ticker.advance(TTL.plusSeconds(1));
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);
        ticker.advance(MAX_STALE.minusSeconds(12)); // 59 s after the last successful load
        assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);

        ticker.advance(Duration.ofSeconds(2));
        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Unavailable(7, "tenant directory unavailable"));
        assertThat(cache.stats().loadFailureCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void directoryDown_failedRefreshIsRetriedAfterTtl_notOnEveryRequest() {
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));
        resolve("acme");
        directory.fail("acme");
        ticker.advance(TTL.plusSeconds(1));

        for (int i = 0; i < 20; i++) {
            assertThat(resolve("acme")).isInstanceOf(TenantDecision.Known.class);
        }
        assertThat(directory.askedFor("acme")).isEqualTo(2);

        directory.answer("acme", new DirectoryAnswer.Found("acme-back", null));
        ticker.advance(TTL.plusSeconds(1));
        resolve("acme");
        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Known("acme-back", null));
        assertThat(directory.askedFor("acme")).isEqualTo(3);
    }

    @Test
    void directoryDown_uncachedTenantIsUnavailable_neverUnknown_andNotCached() {
        directory.fail("newco");

        assertThat(resolve("newco")).isEqualTo(new TenantDecision.Unavailable(7, "tenant directory unavailable"));
        assertThat(resolve("newco")).isInstanceOf(TenantDecision.Unavailable.class);
        assertThat(directory.askedFor("newco")).isEqualTo(2);

        directory.answer("newco", new DirectoryAnswer.Found("newco", null));
        assertThat(resolve("newco")).isEqualTo(new TenantDecision.Known("newco", null));
    }

    @Test
    void stats_countAFailedRefreshAsAFailure_andEachHitOnTheStaleAnswer() {
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));
        resolve("acme");
        resolve("acme");
        assertThat(cache.stats().staleServedCount()).isZero();

        directory.fail("acme");
        ticker.advance(TTL.plusSeconds(1));
        // the refresh runs (and fails) on this thread before the first of these hits is answered: all three stale
        resolve("acme");
        resolve("acme");
        resolve("acme");

        TenantCacheStats stats = cache.stats();
        assertThat(stats.staleServedCount()).isEqualTo(3);
        assertThat(stats.loadSuccessCount()).isEqualTo(1);
        assertThat(stats.loadFailureCount()).isEqualTo(1);
        assertThat(stats.hitCount()).isEqualTo(4);
        assertThat(stats.missCount()).isEqualTo(1);
    }

    @Test
    void directoryOutage_isLoggedOnceWhenItStarts_andOnceWhenItEnds() {
        Logger logger = (Logger) LoggerFactory.getLogger(TenantCache.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            directory.answer("acme", new DirectoryAnswer.Found("acme", null)).fail("down1").fail("down2");
            resolve("acme");
            resolve("down1");
            resolve("down2");
            directory.answer("back1", new DirectoryAnswer.NotFound()).answer("back2", new DirectoryAnswer.NotFound());
            resolve("back1");
            resolve("back2");
            resolve("down1");
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(logs.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .extracting(event -> event.getLevel() + " " + event.getFormattedMessage())
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("WARN Tenant directory failed for p1/e1/down1;"),
                        back -> assertThat(back).isEqualTo("INFO Tenant directory answers again"),
                        again -> assertThat(again).startsWith("WARN Tenant directory failed for p1/e1/down1;"));
    }

    @Test
    void aFailedRefresh_isLoggedAsTheStartOfAnOutage() {
        Logger logger = (Logger) LoggerFactory.getLogger(TenantCache.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            directory.answer("acme", new DirectoryAnswer.Found("acme", null));
            resolve("acme");
            directory.fail("acme");
            ticker.advance(TTL.plusSeconds(1));
            resolve("acme");
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(logs.list).extracting(event -> event.getLevel() + " " + event.getFormattedMessage())
                .singleElement().asString().startsWith("WARN Tenant directory failed for p1/e1/acme;");
    }

    @Test
    void eachDirectoryCall_isTimedOnTheTicker() {
        List<Long> timings = new CopyOnWriteArrayList<>();
        cache.onDirectoryCall(timings::add);
        directory.answerWith("acme", query -> {
            ticker.advance(Duration.ofMillis(3));
            return CompletableFuture.completedFuture(new DirectoryAnswer.Found("acme", null));
        });

        resolve("acme");

        assertThat(timings).containsExactly(Duration.ofMillis(3).toNanos());
    }

    @Test
    void settings_refuseDurationsAndSizesOutOfRange() {
        Duration one = Duration.ofSeconds(1);
        Duration minus = Duration.ofSeconds(-1);
        assertThat(new TenantCache.Settings(one, Duration.ZERO, Duration.ZERO, 0, false, Duration.ZERO).maxSize())
                .isZero();
        assertThatThrownBy(() -> new TenantCache.Settings(Duration.ZERO, one, one, 1, false, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive");
        assertThatThrownBy(() -> new TenantCache.Settings(one, minus, one, 1, false, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxStale must not be negative");
        assertThatThrownBy(() -> new TenantCache.Settings(one, one, minus, 1, false, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negativeTtl must not be negative");
        assertThatThrownBy(() -> new TenantCache.Settings(one, one, one, 1, false, minus))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retryAfter must not be negative");
        assertThatThrownBy(() -> new TenantCache.Settings(one, one, one, -1, false, one))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSize must not be negative");
    }

    @Test
    void directoryThatThrows_isTreatedAsAFailure() {
        directory.answerWith("boom", query -> {
            throw new IllegalStateException("bug in a directory");
        });

        assertThat(resolve("boom")).isInstanceOf(TenantDecision.Unavailable.class);
    }

    @Test
    void notFound_cachedForNegativeTtl_andNotLonger() {
        directory.answer("ghost", new DirectoryAnswer.NotFound());
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Unknown.class);
        directory.answer("ghost", new DirectoryAnswer.Found("ghost", null));

        ticker.advance(NEGATIVE_TTL.minusMillis(1));
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Unknown.class);
        assertThat(directory.askedFor("ghost")).isEqualTo(1);

        ticker.advance(Duration.ofMillis(2));
        assertThat(resolve("ghost")).isInstanceOf(TenantDecision.Known.class);
        assertThat(directory.askedFor("ghost")).isEqualTo(2);
    }

    @Test
    void rejected_becomesDenied_andIsNotCached() {
        cache = cache(true, 1000);
        directory.answer("acme", new DirectoryAnswer.Rejected(403));

        TenantQuery query = new TenantQuery("p1", "e1", "acme", "Bearer nope");
        assertThat(cache.resolve(query).join()).isEqualTo(new TenantDecision.Denied(403));
        assertThat(cache.resolve(query).join()).isEqualTo(new TenantDecision.Denied(403));
        assertThat(directory.askedFor("acme")).isEqualTo(2);
    }

    @Test
    void keyedByCaller_differentCredentialsDoNotShareEntries_andTheCredentialIsForwarded() {
        cache = cache(true, 1000);
        directory.answerWith("acme", query -> CompletableFuture.completedFuture(
                "Bearer alice".equals(query.authorization())
                        ? new DirectoryAnswer.Found("acme", null) : new DirectoryAnswer.Rejected(401)));

        TenantQuery alice = new TenantQuery("p1", "e1", "acme", "Bearer alice");
        TenantQuery mallory = new TenantQuery("p1", "e1", "acme", "Bearer mallory");
        assertThat(cache.resolve(alice).join()).isInstanceOf(TenantDecision.Known.class);
        assertThat(cache.resolve(mallory).join()).isEqualTo(new TenantDecision.Denied(401));
        assertThat(cache.resolve(alice).join()).isInstanceOf(TenantDecision.Known.class);

        assertThat(directory.asked).extracting(TenantQuery::authorization)
                .containsExactly("Bearer alice", "Bearer mallory");
    }

    @Test
    void keyedByCaller_withoutCredential_isDeniedWithoutAskingTheDirectory() {
        cache = cache(true, 1000);
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));

        assertThat(resolve("acme")).isEqualTo(new TenantDecision.Denied(401));
        assertThat(directory.asked).isEmpty();
    }

    @Test
    void keyedByCaller_refreshAsksWithTheSameCredential() {
        cache = cache(true, 1000);
        directory.answer("acme", new DirectoryAnswer.Found("acme", null));
        TenantQuery alice = new TenantQuery("p1", "e1", "acme", "Bearer alice");
        cache.resolve(alice).join();
        ticker.advance(TTL.plusSeconds(1));

        cache.resolve(alice).join();

        assertThat(directory.asked).extracting(TenantQuery::authorization)
                .containsExactly("Bearer alice", "Bearer alice");
    }

    @Test
    void invalidate_dropsEveryEntryOfThatTenant_whateverTheCredential() {
        cache = cache(true, 1000);
        directory.answer("acme", new DirectoryAnswer.Found("acme", null))
                .answer("beta", new DirectoryAnswer.Found("beta", null));
        cache.resolve(new TenantQuery("p1", "e1", "acme", "Bearer a")).join();
        cache.resolve(new TenantQuery("p1", "e1", "acme", "Bearer b")).join();
        cache.resolve(new TenantQuery("p1", "e1", "beta", "Bearer a")).join();

        cache.invalidate("p1", "e1", "acme");

        assertThat(cache.stats().size()).isEqualTo(1);
        cache.invalidateAll();
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void maxSize_evicts() {
        cache = cache(false, 2);
        for (String tenant : new String[] {"a", "b", "c", "d", "e"}) {
            directory.answer(tenant, new DirectoryAnswer.Found(tenant, null));
            resolve(tenant);
        }

        await().untilAsserted(() -> assertThat(cache.stats().evictionCount()).isGreaterThanOrEqualTo(3));
        assertThat(cache.stats().size()).isLessThanOrEqualTo(2);
    }

    @Test
    void close_closesTheDirectory() {
        cache.close();

        assertThat(directory.closed).isTrue();
    }
}
