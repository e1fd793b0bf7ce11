package io.scimrouter.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules between keys at their limits, exactly at and one past each. */
class CrossKeyRulesBoundaryTest {
    private static final String TOKEN_ENV = "SCIM_ROUTER_ADMIN_TOKEN";

    private static RouterConfig withAdminToken(String token) {
        return ConfigLoader.load(null, Map.of("SCIM_ROUTER_ADMIN_TOKEN_ENV", TOKEN_ENV, TOKEN_ENV, token));
    }

    @Test
    void adminToken_ofExactlyTheMinimumLength_isAccepted() {
        assertThat(CrossKeyRules.MIN_ADMIN_TOKEN_LENGTH).isEqualTo(16);
        assertThat(withAdminToken("0123456789abcdef").admin().tokenEnv()).isEqualTo(TOKEN_ENV);
        assertThat(withAdminToken(" 0123456789abcdef ").admin().tokenEnv()).isEqualTo(TOKEN_ENV);
    }

    @Test
    void adminToken_oneShorter_isRefused_evenWhenPaddedWithBlanks() {
        for (String token : new String[] {"0123456789abcde", "  0123456789abcde  "}) {
            assertThatThrownBy(() -> withAdminToken(token))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("admin.tokenEnv: the token in SCIM_ROUTER_ADMIN_TOKEN is shorter than 16 characters "
                            + "[set by SCIM_ROUTER_ADMIN_TOKEN_ENV]");
        }
    }

    @Test
    void adminToken_blankOrUnset_isNoError() {
        assertThat(withAdminToken("  ").admin().tokenEnv()).isEqualTo(TOKEN_ENV);
        assertThat(ConfigLoader.load(null, Map.of("SCIM_ROUTER_ADMIN_TOKEN_ENV", TOKEN_ENV)).admin().tokenEnv())
                .isEqualTo(TOKEN_ENV);
    }

    private static RouterConfig withRequestBuffer(String maxBytes, String totalBytes) {
        return ConfigLoader.load(null, Map.of("SCIM_ROUTER_SERVER_REQUEST_BUFFER_MAX_BYTES", maxBytes,
                "SCIM_ROUTER_SERVER_REQUEST_BUFFER_TOTAL_BYTES", totalBytes));
    }

    @Test
    void requestBufferTotal_equalToTheRequestMaximum_isAccepted() {
        RouterConfig config = withRequestBuffer("1MiB", "1048576");
        assertThat(config.server().requestBuffer().maxBytes()).isEqualTo(1048576);
        assertThat(config.server().requestBuffer().totalBytes()).isEqualTo(1048576);
    }

    @Test
    void requestBufferTotal_oneBelowTheRequestMaximum_isRefused() {
        assertThatThrownBy(() -> withRequestBuffer("1MiB", "1048575"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.requestBuffer.totalBytes: 1048575 is below server.requestBuffer.maxBytes "
                        + "(1048576); raise it, or lower server.requestBuffer.maxBytes "
                        + "[set by SCIM_ROUTER_SERVER_REQUEST_BUFFER_TOTAL_BYTES]");
    }
}
