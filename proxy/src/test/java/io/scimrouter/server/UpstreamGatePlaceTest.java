package io.scimrouter.server;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scimrouter.limit.UpstreamGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exchange's place at a backend origin's gate, without a socket: taken at once or waited for, the wait bounded in
 * length and in time (the embedded loop's frozen clock), a grant from another thread delivered on the exchange's loop,
 * and the place given back exactly once, also when a grant and the exchange's end cross.
 */
class UpstreamGatePlaceTest {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> told = new ArrayList<>();
    private EventLoop otherLoop;

    @AfterEach
    void close() throws Exception {
        channel.finishAndReleaseAll();
        if (otherLoop != null) {
            otherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** A place for an exchange on the embedded loop, whose answers are written down in {@link #told}. */
    private UpstreamGatePlace place(UpstreamGate gate) {
        channel.freezeTime();
        return new UpstreamGatePlace(gate, channel.eventLoop(), TIMEOUT_NANOS, () -> told.add("entered"),
                (flag, answer) -> told.add("refused " + flag + " " + answer.status()));
    }

    private void advance(long nanos) {
        channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
    }

    @Test
    void aFreePlace_isTakenAtOnce_andGivenBackOnce() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        UpstreamGatePlace place = place(gate);

        place.enter();
        assertThat(told).containsExactly("entered");
        assertThat(gate.inFlight()).isEqualTo(1);

        place.release();
        place.release();
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).as("one place, not one per release").isFalse();
    }

    @Test
    void aTakenGate_isWaitedFor_andEnteredWhenAPlaceFrees() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        UpstreamGatePlace place = place(gate);

        place.enter();
        assertThat(told).isEmpty();
        assertThat(gate.waiting()).isEqualTo(1);

        gate.leave();
        assertThat(told).containsExactly("entered");
        assertThat(gate.inFlight()).as("the freed place went to the waiter").isEqualTo(1);
        advance(TIMEOUT_NANOS);
        assertThat(told).as("a granted wait does not time out").containsExactly("entered");

        place.release();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aFullQueue_refusesAtOnce() {
        UpstreamGate gate = new UpstreamGate(1, 0);
        assertThat(gate.tryEnter()).isTrue();
        UpstreamGatePlace place = place(gate);

        place.enter();

        assertThat(told).containsExactly("refused " + ExchangeOutcome.UPSTREAM_QUEUE_FULL + " 503");
        assertThat(gate.waiting()).isZero();
        place.release();
        assertThat(gate.inFlight()).as("only the other request's place").isEqualTo(1);
    }

    @Test
    void theWait_isBoundedInTime_andATimedOutWaiterTakesNoPlace() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        UpstreamGatePlace place = place(gate);
        place.enter();

        advance(TIMEOUT_NANOS - 1);
        assertThat(told).isEmpty();
        advance(1);

        assertThat(told).containsExactly("refused " + ExchangeOutcome.UPSTREAM_QUEUE_TIMEOUT + " 503");
        assertThat(gate.waiting()).isZero();
        gate.leave();
        place.release();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void releasedWhileWaiting_leavesTheQueue_andIsNeverToldAgain() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        UpstreamGatePlace place = place(gate);
        place.enter();

        place.release();
        assertThat(gate.waiting()).isZero();
        gate.leave();
        advance(TIMEOUT_NANOS);

        assertThat(told).isEmpty();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aPlaceFreedOnAnotherThread_reachesTheExchangeOnItsOwnLoop() throws Exception {
        otherLoop = new DefaultEventLoop();
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        CompletableFuture<Boolean> enteredOnItsLoop = new CompletableFuture<>();
        UpstreamGatePlace place = new UpstreamGatePlace(gate, otherLoop, TimeUnit.SECONDS.toNanos(30),
                () -> enteredOnItsLoop.complete(otherLoop.inEventLoop()), (flag, answer) -> enteredOnItsLoop
                .completeExceptionally(new AssertionError("refused " + flag)));
        otherLoop.submit(place::enter).sync();

        gate.leave(); // on the test thread: the grant hops to the exchange's loop

        assertThat(enteredOnItsLoop.get(10, TimeUnit.SECONDS)).isTrue();
        otherLoop.submit(place::release).sync();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aGrantThatArrivesAfterTheExchangeEnded_isLeftAtOnce() throws Exception {
        otherLoop = new DefaultEventLoop();
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        List<String> heard = new ArrayList<>();
        UpstreamGatePlace place = new UpstreamGatePlace(gate, otherLoop, TimeUnit.SECONDS.toNanos(30),
                () -> heard.add("entered"), (flag, answer) -> heard.add("refused"));
        otherLoop.submit(place::enter).sync();
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        otherLoop.execute(() -> {
            loopHeld.countDown();
            awaitQuietly(proceed);
        });
        assertThat(loopHeld.await(10, TimeUnit.SECONDS)).isTrue();

        otherLoop.execute(place::release); // the exchange ends: queued on its loop before the grant's hop
        gate.leave(); // granted on this thread while the waiter still waits; the hop queues behind the end
        proceed.countDown();
        otherLoop.submit(() -> { }).sync();

        assertThat(heard).isEmpty();
        assertThat(gate.inFlight()).as("the granted place was left").isZero();
        assertThat(gate.waiting()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
