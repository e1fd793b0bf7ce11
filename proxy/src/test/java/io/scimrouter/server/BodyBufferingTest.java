package io.scimrouter.server;

import io.scimrouter.policy.RequestBuffering;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One exchange's request buffering without a socket: which bodies are held until whole, what they take of the shared
 * budget and when, and that the budget comes back exactly once.
 */
class BodyBufferingTest {
    private static final long LIMIT = 1000;

    private final BufferBudget budget = new BufferBudget(4000);

    private BodyBuffering buffering() {
        return new BodyBuffering(new RequestBuffering(LIMIT), budget);
    }

    @Test
    void declaredLengthWithinTheLimit_isHeld_andReservedAtOnce_thenGivenBackOnce() {
        BodyBuffering b = buffering();
        b.plan(true, 800);

        assertThat(b.holding()).isTrue();
        assertThat(budget.used()).isEqualTo(800);
        b.grew(500, 500);
        assertThat(budget.used()).as("a declared length is not charged again per chunk").isEqualTo(800);

        b.release();
        assertThat(budget.used()).isZero();
        assertThat(b.holding()).as("held until its head is written: still the buffered body").isTrue();
        budget.tryReserve(100);
        b.release();
        assertThat(budget.used()).as("a second release gives back nothing more").isEqualTo(100);
    }

    @Test
    void declaredLengthThatDoesNotFitTheBudget_streams_andTakesNothing() {
        budget.tryReserve(3500);
        BodyBuffering b = buffering();
        b.plan(true, 800);

        assertThat(b.holding()).isFalse();
        assertThat(b.reserved()).isZero();
        assertThat(budget.used()).isEqualTo(3500);
    }

    @Test
    void overTheLimit_noBody_orBufferingOff_streams() {
        BodyBuffering large = buffering();
        large.plan(true, LIMIT + 1);
        BodyBuffering none = buffering();
        none.plan(false, 0);
        BodyBuffering off = new BodyBuffering(new RequestBuffering(0), budget);
        off.plan(true, 10);

        assertThat(large.holding()).isFalse();
        assertThat(none.holding()).isFalse();
        assertThat(off.holding()).isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void chunkedBody_takesItsBudgetChunkByChunk_andStreamsOncePastTheLimit_keepingWhatItHolds() {
        BodyBuffering b = buffering();
        b.plan(true, -1);
        assertThat(b.holding()).isTrue();
        assertThat(budget.used()).as("nothing known yet").isZero();

        b.grew(600, 600);
        b.grew(1000, 400);
        assertThat(b.holding()).isTrue();
        assertThat(budget.used()).isEqualTo(1000);

        b.grew(1001, 1);
        assertThat(b.holding()).as("past the limit").isFalse();
        assertThat(budget.used()).as("what was held is still held, until it leaves").isEqualTo(1000);
        b.grew(1500, 499);
        assertThat(budget.used()).as("a streaming body takes no more").isEqualTo(1000);

        b.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void chunkedBody_streamsOnceTheBudgetIsSpent() {
        budget.tryReserve(3700);
        BodyBuffering b = buffering();
        b.plan(true, -1);

        b.grew(200, 200);
        assertThat(b.holding()).isTrue();
        b.grew(500, 300);

        assertThat(b.holding()).isFalse();
        assertThat(b.reserved()).as("the refused chunk took nothing").isEqualTo(200);
        b.release();
        assertThat(budget.used()).isEqualTo(3700);
    }
}
