package io.scimrouter.server;

import io.scimrouter.route.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ExchangeListener#all}: every listener hears every end, and the body copy is as large as the most asked. */
class ExchangeListenerTest {
    private static final Route ROUTE = new Route(false, "p1", "e1", null, false, "/scim/v2/p1/e1/.search",
            "/scim/v2/p1/e1", "/scim/v2/p1/e1");

    private static ExchangeListener wanting(int bytes) {
        return new ExchangeListener() {
            @Override
            public void onExchangeEnd(ExchangeOutcome outcome) {
            }

            @Override
            public int requestBodyWanted(Route route, String method) {
                return bytes;
            }
        };
    }

    @Test
    void bodyWanted_isTheLargestAnyListenerWants_andNoneByDefault() {
        assertThat(ExchangeListener.NONE.requestBodyWanted(ROUTE, "POST")).isZero();
        assertThat(ExchangeListener.all(List.of(ExchangeListener.NONE, wanting(100), wanting(10)))
                .requestBodyWanted(ROUTE, "POST")).isEqualTo(100);
        assertThat(ExchangeListener.all(List.of(ExchangeListener.NONE, o -> { }))
                .requestBodyWanted(ROUTE, "POST")).isZero();
    }

    @Test
    void oneThatThrows_doesNotKeepTheOthersFromHearing() {
        List<String> heard = new ArrayList<>();
        ExchangeListener all = ExchangeListener.all(List.of(o -> {
            throw new IllegalStateException("first");
        }, o -> heard.add("second")));

        assertThatThrownBy(() -> all.onExchangeEnd(null)).hasMessage("first");
        assertThat(heard).containsExactly("second");
    }
}
