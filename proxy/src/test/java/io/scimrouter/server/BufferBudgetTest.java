package io.scimrouter.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BufferBudgetTest {

    @Test
    void reservations_fitTheTotal_andWhatIsGivenBackCanBeTakenAgain() {
        BufferBudget budget = new BufferBudget(1000);

        assertThat(budget.tryReserve(600)).isTrue();
        assertThat(budget.tryReserve(401)).isFalse();
        assertThat(budget.used()).as("a refused reservation takes nothing").isEqualTo(600);
        assertThat(budget.tryReserve(400)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();

        budget.release(600);
        assertThat(budget.used()).isEqualTo(400);
        assertThat(budget.tryReserve(600)).isTrue();
        assertThat(budget.tryReserve(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aZeroBudget_takesNothingButEmptyReservations() {
        BufferBudget budget = new BufferBudget(0);

        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.tryReserve(0)).isTrue();
    }

    @Test
    void threadsReservingAtOnce_neverTakeMoreThanTheTotal() throws Exception {
        BufferBudget budget = new BufferBudget(10_000);
        AtomicLong maxSeen = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (budget.tryReserve(3000)) { // four of them would be 12,000
                        maxSeen.accumulateAndGet(budget.used(), Math::max);
                        budget.release(3000);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(maxSeen.get()).isLessThanOrEqualTo(10_000);
        assertThat(budget.used()).isZero();
    }
}
