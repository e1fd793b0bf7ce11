package io.scimrouter.limit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamGateTest {

    /** Records its grant; leaves at once when asked to. */
    private static final class Recorder extends UpstreamGate.Waiter {
        final AtomicInteger grants = new AtomicInteger();

        @Override
        protected void granted() {
            grants.incrementAndGet();
        }
    }

    @Test
    void placesUpToTheCap_thenTheQueue_thenRefused() {
        UpstreamGate gate = new UpstreamGate(2, 1);

        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isFalse();
        Recorder queued = new Recorder();
        assertThat(gate.enqueue(queued)).isTrue();
        assertThat(gate.enqueue(new Recorder())).as("queue of 1 is full").isFalse();

        assertThat(gate.inFlight()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(1);
        assertThat(queued.grants).hasValue(0);
    }

    @Test
    void leave_handsThePlaceToTheFirstWaiter_inOrder() {
        UpstreamGate gate = new UpstreamGate(1, 5);
        assertThat(gate.tryEnter()).isTrue();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        gate.enqueue(first);
        gate.enqueue(second);

        gate.leave();

        assertThat(first.grants).hasValue(1);
        assertThat(second.grants).hasValue(0);
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.waiting()).isEqualTo(1);

        gate.leave();
        assertThat(second.grants).hasValue(1);
        gate.leave();
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void cancelledWaiter_isSkipped_andItsQueueSlotFreed() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        assertThat(gate.tryEnter()).isTrue();
        Recorder gone = new Recorder();
        gate.enqueue(gone);

        assertThat(gone.cancel()).isTrue();
        assertThat(gate.waiting()).isZero();
        Recorder next = new Recorder();
        assertThat(gate.enqueue(next)).isTrue();
        gate.leave();

        assertThat(gone.grants).hasValue(0);
        assertThat(next.grants).hasValue(1);
        assertThat(next.cancel()).as("already granted: the place must be left").isFalse();
    }

    @Test
    void enqueue_whenAPlaceIsFree_grantsAtOnce() {
        UpstreamGate gate = new UpstreamGate(1, 1);
        Recorder waiter = new Recorder();

        assertThat(gate.enqueue(waiter)).isTrue();

        assertThat(waiter.grants).hasValue(1);
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void zeroQueue_refusesEveryWaiter() {
        UpstreamGate gate = new UpstreamGate(1, 0);
        assertThat(gate.tryEnter()).isTrue();

        assertThat(gate.enqueue(new Recorder())).isFalse();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void contended_enterWaitCancelLeave_losesNoPlace_andNeverExceedsTheCap() throws Exception {
        int cap = 3;
        UpstreamGate gate = new UpstreamGate(cap, 4);
        AtomicInteger maxSeen = new AtomicInteger();
        ConcurrentLinkedQueue<UpstreamGate.Waiter> granted = new ConcurrentLinkedQueue<>();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        maxSeen.accumulateAndGet(gate.inFlight(), Math::max);
                        if (gate.tryEnter()) {
                            gate.leave();
                            continue;
                        }
                        UpstreamGate.Waiter w = new UpstreamGate.Waiter() {
                            @Override
                            protected void granted() {
                                granted.add(this);
                            }
                        };
                        if (gate.enqueue(w) && (i + seed) % 3 == 0 && !w.cancel() && granted.remove(w)) {
                            gate.leave(); // granted before the cancel: leave that place (unless another did)
                        }
                        while (granted.poll() != null) {
                            gate.leave();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            // waiters still queued when the threads stopped get the places the granted ones leave
            for (int round = 0; round < 1_000_000 && (gate.waiting() > 0 || !granted.isEmpty()); round++) {
                if (granted.poll() != null) {
                    gate.leave();
                }
            }

            assertThat(maxSeen.get()).isLessThanOrEqualTo(cap);
            assertThat(gate.inFlight()).isZero();
            assertThat(gate.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
