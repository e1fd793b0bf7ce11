package io.scimrouter.server;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** When the exchange's timers fire, on an embedded event loop whose frozen clock is moved by hand. */
class ExchangeTimersTest {
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);

    /** An owner whose answers the test sets, counting the timeouts it is told of. */
    private static final class FakeOwner implements ExchangeTimers.Owner {
        boolean ended;
        boolean backendExcused;
        boolean bodyComplete;
        boolean clientUnread;
        int backendTimeouts;
        int bodyTimeouts;

        @Override
        public boolean awaitsBackend() {
            return !ended;
        }

        @Override
        public boolean backendExcused() {
            return backendExcused;
        }

        @Override
        public void backendTimedOut() {
            backendTimeouts++;
        }

        @Override
        public boolean awaitsBody() {
            return !ended && !bodyComplete;
        }

        @Override
        public boolean clientUnread() {
            return clientUnread;
        }

        @Override
        public void bodyTimedOut() {
            bodyTimeouts++;
        }
    }

    private final FakeOwner owner = new FakeOwner();
    private EmbeddedChannel loop;
    private ExchangeTimers timers;

    @BeforeEach
    void start() {
        loop = new EmbeddedChannel();
        loop.freezeTime();
        timers = new ExchangeTimers(loop.eventLoop(), RESPONSE_TIMEOUT.toNanos(), BODY_TIMEOUT.toNanos(),
                loop.eventLoop().ticker().nanoTime(), owner);
    }

    @AfterEach
    void stop() {
        assertThat(loop.finishAndReleaseAll()).isFalse();
    }

    private void advance(Duration by) {
        loop.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void responseTimer_firesAfterTheTimeout_withoutProgress() {
        timers.startResponseTimer();
        advance(RESPONSE_TIMEOUT.minusMillis(1));
        assertThat(owner.backendTimeouts).isZero();
        advance(Duration.ofMillis(1));
        assertThat(owner.backendTimeouts).isEqualTo(1);
        advance(RESPONSE_TIMEOUT.multipliedBy(3));
        assertThat(owner.backendTimeouts).as("it fires once").isEqualTo(1);
    }

    @Test
    void responseTimer_countsFromTheLastProgress() {
        timers.startResponseTimer();
        advance(Duration.ofSeconds(50));
        timers.progress();
        advance(Duration.ofSeconds(10)); // fires at 60, finds 10 s idle, re-arms for the 50 left
        assertThat(owner.backendTimeouts).isZero();
        advance(Duration.ofSeconds(49));
        assertThat(owner.backendTimeouts).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(owner.backendTimeouts).isEqualTo(1);
    }

    @Test
    void responseTimer_doesNotCountExcusedTime() {
        timers.startResponseTimer();
        owner.backendExcused = true;
        advance(RESPONSE_TIMEOUT.multipliedBy(5));
        assertThat(owner.backendTimeouts).isZero();
        owner.backendExcused = false; // excused until the last check, at 300 s: a full timeout from there
        advance(RESPONSE_TIMEOUT.minusMillis(1));
        assertThat(owner.backendTimeouts).isZero();
        advance(Duration.ofMillis(1));
        assertThat(owner.backendTimeouts).isEqualTo(1);
    }

    @Test
    void responseTimer_startedTwice_keepsTheFirstDeadline() {
        timers.startResponseTimer();
        advance(Duration.ofSeconds(40));
        timers.startResponseTimer(); // a retry on a fresh connection
        advance(Duration.ofSeconds(20));
        assertThat(owner.backendTimeouts).isEqualTo(1);
    }

    @Test
    void responseTimer_afterTheExchangeEnded_doesNothing() {
        timers.startResponseTimer();
        owner.ended = true;
        advance(RESPONSE_TIMEOUT.multipliedBy(2));
        assertThat(owner.backendTimeouts).isZero();
    }

    @Test
    void stopAll_cancelsBothTimers() {
        timers.startResponseTimer();
        timers.armBodyTimer();
        timers.stopAll();
        advance(RESPONSE_TIMEOUT.multipliedBy(2));
        assertThat(owner.backendTimeouts).isZero();
        assertThat(owner.bodyTimeouts).isZero();
    }

    @Test
    void bodyTimer_firesAfterAGapWithoutBodyBytes() {
        timers.armBodyTimer();
        advance(Duration.ofSeconds(20));
        timers.bodyArrived();
        advance(Duration.ofSeconds(10)); // fires at 30, finds a gap of 10 s, re-arms for the 20 left
        assertThat(owner.bodyTimeouts).isZero();
        advance(Duration.ofSeconds(19));
        assertThat(owner.bodyTimeouts).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(owner.bodyTimeouts).isEqualTo(1);
    }

    @Test
    void bodyTimer_startsTheGapWhenTheBodyIsRequested() {
        advance(Duration.ofSeconds(100));
        timers.bodyRequested(); // 100 Continue sent only now
        advance(BODY_TIMEOUT.minusMillis(1));
        assertThat(owner.bodyTimeouts).isZero();
        advance(Duration.ofMillis(1));
        assertThat(owner.bodyTimeouts).isEqualTo(1);
    }

    @Test
    void bodyTimer_doesNotCountTimeTheClientIsNotRead() {
        timers.armBodyTimer();
        owner.clientUnread = true;
        advance(BODY_TIMEOUT.multipliedBy(4));
        assertThat(owner.bodyTimeouts).isZero();
        owner.clientUnread = false; // unread until the last check, at 120 s: a full timeout from there
        advance(BODY_TIMEOUT.minusMillis(1));
        assertThat(owner.bodyTimeouts).isZero();
        advance(Duration.ofMillis(1));
        assertThat(owner.bodyTimeouts).isEqualTo(1);
    }

    @Test
    void bodyTimer_stoppedOrWithTheBodyComplete_doesNothing() {
        timers.armBodyTimer();
        timers.stopBodyTimer();
        advance(BODY_TIMEOUT.multipliedBy(2));
        timers.armBodyTimer();
        owner.bodyComplete = true;
        advance(BODY_TIMEOUT.multipliedBy(2));
        assertThat(owner.bodyTimeouts).isZero();
    }

    @Test
    void armBodyTimer_twice_keepsOneTimer() {
        timers.armBodyTimer();
        advance(Duration.ofSeconds(20));
        timers.armBodyTimer(); // a later read that still leaves the body owed
        timers.stopBodyTimer();
        advance(BODY_TIMEOUT.multipliedBy(2));
        assertThat(owner.bodyTimeouts).as("no second timer left behind").isZero();
    }

    @Test
    void startResponseTimer_twice_keepsOneTimer() {
        timers.startResponseTimer();
        timers.startResponseTimer();
        timers.stopAll();
        advance(RESPONSE_TIMEOUT.multipliedBy(2));
        assertThat(owner.backendTimeouts).as("no second timer left behind").isZero();
    }
}
