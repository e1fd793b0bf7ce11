package io.scimrouter.policy;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.scimrouter.policy.ExchangePhase.ABANDONED;
import static io.scimrouter.policy.ExchangePhase.AWAITING_RESPONSE;
import static io.scimrouter.policy.ExchangePhase.BUFFERING;
import static io.scimrouter.policy.ExchangePhase.CUT;
import static io.scimrouter.policy.ExchangePhase.DONE;
import static io.scimrouter.policy.ExchangePhase.FAILED;
import static io.scimrouter.policy.ExchangePhase.HEAD_HELD;
import static io.scimrouter.policy.ExchangePhase.INTERIM;
import static io.scimrouter.policy.ExchangePhase.LEASING;
import static io.scimrouter.policy.ExchangePhase.RESPONDING;
import static io.scimrouter.policy.ExchangePhase.ROUTING;
import static io.scimrouter.policy.ExchangePhase.SENDING_HEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The exchange's lifecycle as drawn in {@link ExchangePhase}: every arrow is a legal step, and every other step,
 * one test each, is refused.
 */
class ExchangePhaseTest {
    /** The diagram's arrows, written out again here: the enum must agree with them. */
    private static final Map<ExchangePhase, Set<ExchangePhase>> ARROWS = Map.of(
            ROUTING, EnumSet.of(BUFFERING, LEASING, FAILED, ABANDONED),
            BUFFERING, EnumSet.of(LEASING, FAILED, ABANDONED),
            LEASING, EnumSet.of(SENDING_HEAD, FAILED, ABANDONED),
            SENDING_HEAD, EnumSet.of(AWAITING_RESPONSE, LEASING, FAILED, ABANDONED),
            AWAITING_RESPONSE, EnumSet.of(INTERIM, HEAD_HELD, RESPONDING, LEASING, FAILED, ABANDONED),
            INTERIM, EnumSet.of(AWAITING_RESPONSE, LEASING, FAILED, ABANDONED),
            HEAD_HELD, EnumSet.of(RESPONDING, FAILED, ABANDONED),
            RESPONDING, EnumSet.of(DONE, CUT, ABANDONED));

    private static Set<ExchangePhase> arrowsFrom(ExchangePhase from) {
        return ARROWS.getOrDefault(from, EnumSet.noneOf(ExchangePhase.class));
    }

    private record Step(ExchangePhase from, ExchangePhase to) {
    }

    private static Stream<Step> legal() {
        List<Step> steps = new ArrayList<>();
        ARROWS.forEach((from, tos) -> tos.forEach(to -> steps.add(new Step(from, to))));
        return steps.stream();
    }

    private static Stream<Step> illegal() {
        List<Step> steps = new ArrayList<>();
        for (ExchangePhase from : ExchangePhase.values()) {
            for (ExchangePhase to : ExchangePhase.values()) {
                if (!arrowsFrom(from).contains(to)) {
                    steps.add(new Step(from, to));
                }
            }
        }
        return steps.stream();
    }

    @TestFactory
    Stream<DynamicTest> legalSteps_areTaken() {
        return legal().map(step -> dynamicTest(step.from() + " -> " + step.to(), () -> {
            assertThat(step.from().canMoveTo(step.to())).isTrue();
            assertThat(step.from().moveTo(step.to())).isSameAs(step.to());
        }));
    }

    /** One test per step the diagram does not draw. */
    @TestFactory
    Stream<DynamicTest> illegalSteps_areRefused() {
        return illegal().map(step -> dynamicTest(step.from() + " -> " + step.to() + " is refused", () -> {
            assertThat(step.from().canMoveTo(step.to())).isFalse();
            assertThatThrownBy(() -> step.from().moveTo(step.to())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("exchange cannot go from " + step.from() + " to " + step.to());
        }));
    }

    @Test
    void thereAreAsManyIllegalStepsAsPairsWithoutAnArrow() {
        int arrows = ARROWS.values().stream().mapToInt(Set::size).sum();
        int phases = ExchangePhase.values().length;
        assertThat(illegal().count()).isEqualTo((long) phases * phases - arrows).isEqualTo(114);
    }

    @Test
    void terminalPhases_areEnds() {
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::terminal)
                .containsExactly(DONE, FAILED, CUT, ABANDONED)
                .noneMatch(ExchangePhase::holdsBackend)
                .noneMatch(ExchangePhase::requestHeadWritten)
                .noneMatch(ExchangePhase::answerStarted);
    }

    @Test
    void everyPhaseThatIsNotTerminal_canBeAbandoned_andReachesAnEnd() {
        for (ExchangePhase phase : ExchangePhase.values()) {
            if (!phase.terminal()) {
                assertThat(phase.canMoveTo(ABANDONED)).as("%s", phase).isTrue();
                assertThat(phase.canMoveTo(FAILED) || phase.canMoveTo(CUT)).as("%s", phase).isTrue();
            }
        }
    }

    @Test
    void queries_followTheDiagram() {
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::holdsBackend)
                .containsExactly(SENDING_HEAD, AWAITING_RESPONSE, INTERIM, HEAD_HELD, RESPONDING);
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::requestHeadWritten)
                .containsExactly(AWAITING_RESPONSE, INTERIM, HEAD_HELD, RESPONDING);
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::answerStarted)
                .containsExactly(HEAD_HELD, RESPONDING);
    }
}
