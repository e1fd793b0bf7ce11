package io.scimrouter.accesslog;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogFieldsTest {

    @Test
    void path_isTheTargetWithoutItsQuery() {
        assertThat(AccessLogFields.path("/scim/v2/p1/e1/Users?filter=userName%20eq%20%22bjensen%22"))
                .isEqualTo("/scim/v2/p1/e1/Users");
        assertThat(AccessLogFields.path("/scim/v2/p1/e1/Users")).isEqualTo("/scim/v2/p1/e1/Users");
        assertThat(AccessLogFields.path(null)).isNull();
        assertThat(AccessLogFields.path("/" + "a".repeat(5000))).hasSize(AccessLogFields.MAX_PATH);
    }

    @Test
    void queryNames_areNamesOnly_neverValues() {
        assertThat(AccessLogFields.queryNames(
                "/Users?filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=10&attributes"))
                .containsExactly("filter", "startIndex", "count", "attributes");
        assertThat(AccessLogFields.queryNames("/Users")).isEmpty();
        assertThat(AccessLogFields.queryNames("/Users?")).isEmpty();
        assertThat(AccessLogFields.queryNames("/Users?&&a=1&")).containsExactly("a");
    }

    @Test
    void aNameThatIsNoPlainToken_isMasked_forItMayBeAValueSentWithoutItsName() {
        assertThat(AccessLogFields.queryNames("/Users?userName%20eq%20%22bjensen%22&ok=1"))
                .containsExactly(AccessLogFields.UNSAFE_NAME, "ok");
        assertThat(AccessLogFields.queryNames("/Users?" + "n".repeat(65) + "=1"))
                .containsExactly(AccessLogFields.UNSAFE_NAME);
        assertThat(AccessLogFields.queryNames("/Users?" + "x=1&".repeat(40))).hasSize(AccessLogFields.MAX_QUERY_NAMES);
    }

    @Test
    void traceId_comesFromAValidTraceparentOnly() {
        assertThat(AccessLogFields.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(AccessLogFields.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(AccessLogFields.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(AccessLogFields.traceId("garbage")).isNull();
        assertThat(AccessLogFields.traceId(null)).isNull();
    }

    @Test
    void addresses_areIpAndPort_clientIsTheIpOnly() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 8080);
        InetSocketAddress v6 = new InetSocketAddress("::1", 8443);
        assertThat(AccessLogFields.address(v4)).isEqualTo("127.0.0.1:8080");
        assertThat(AccessLogFields.address(v6)).isEqualTo("[0:0:0:0:0:0:0:1]:8443");
        assertThat(AccessLogFields.clientIp(v4)).isEqualTo("127.0.0.1");
        assertThat(AccessLogFields.address(null)).isNull();
    }
}
