package io.scimrouter.server;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every outcome flag has its row (code, metric) in {@link ResponseFlag}: a flag added without one fails here. */
class ResponseFlagTest {

    @Test
    void everyFlagConstantOfTheOutcome_hasARow_andEveryRowAConstant() throws IllegalAccessException {
        Set<Integer> constants = new HashSet<>();
        for (Field field : ExchangeOutcome.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                int mask = field.getInt(null);
                constants.add(mask);
                assertThat(Integer.bitCount(mask)).as(field.getName() + " is one bit").isEqualTo(1);
                ResponseFlag row = ResponseFlag.ofBit(Integer.numberOfTrailingZeros(mask));
                assertThat(row).as("ResponseFlag row for " + field.getName()).isNotNull();
                assertThat(row.name()).isEqualTo(field.getName());
            }
        }
        for (ResponseFlag flag : ResponseFlag.values()) {
            assertThat(constants).as(flag + " has its constant").contains(flag.mask());
        }
    }

    @Test
    void codes_areShortAndDistinct() {
        Set<String> codes = new HashSet<>();
        for (ResponseFlag flag : ResponseFlag.values()) {
            assertThat(flag.code()).matches("[A-Z]{2,4}");
            assertThat(codes.add(flag.code())).as("code " + flag.code() + " used once").isTrue();
        }
    }

    @Test
    void codes_listTheFlagsInOrder_orADashForNone() {
        assertThat(ResponseFlag.codes(0)).isEqualTo("-");
        assertThat(ResponseFlag.codes(ExchangeOutcome.UPSTREAM_TIMEOUT)).isEqualTo("UT");
        assertThat(ResponseFlag.codes(ExchangeOutcome.RETRIED | ExchangeOutcome.UPSTREAM_CLOSED)).isEqualTo("RT,UC");
    }

    @Test
    void refusals_areTheRouterAnsweringByItself_notBackendFailures() {
        assertThat(ResponseFlag.refused(ExchangeOutcome.REJECTED)).isTrue();
        assertThat(ResponseFlag.refused(ExchangeOutcome.TENANT_UNKNOWN | ExchangeOutcome.CLIENT_CLOSED)).isTrue();
        assertThat(ResponseFlag.refused(ExchangeOutcome.DIRECTORY_UNAVAILABLE)).isTrue();
        assertThat(ResponseFlag.refused(ExchangeOutcome.CONNECT_FAILED | ExchangeOutcome.UPSTREAM_TIMEOUT)).isFalse();
        assertThat(ResponseFlag.CONNECT_FAILED.upstreamErrorKind()).isEqualTo("connect");
        assertThat(ResponseFlag.RETRIED.upstreamErrorKind()).isEqualTo("retry");
        assertThat(ResponseFlag.TENANT_UNKNOWN.upstreamErrorKind()).isNull();
    }
}
