package io.scimrouter.admin;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {
    private static final String TOKEN = "0123456789abcdef-admin-token";

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal: no lookup, no traffic
    }

    @Test
    void loopbackCallers_mayAlways() throws UnknownHostException {
        assertThat(AdminAccess.loopbackOnly().mayMutate(ip("127.0.0.1"), null)).isTrue();
        assertThat(AdminAccess.loopbackOnly().mayMutate(ip("127.0.0.9"), null)).isTrue();
        assertThat(AdminAccess.loopbackOnly().mayMutate(ip("::1"), null)).isTrue();
        assertThat(AdminAccess.withToken(TOKEN).mayMutate(ip("127.0.0.1"), "Bearer wrong")).isTrue();
    }

    @Test
    void otherCallers_needTheToken() throws UnknownHostException {
        AdminAccess access = AdminAccess.withToken(TOKEN);
        InetAddress pod = ip("192.0.2.10");

        assertThat(access.mayMutate(pod, null)).isFalse();
        assertThat(access.mayMutate(pod, "Bearer " + TOKEN)).isTrue();
        assertThat(access.mayMutate(pod, "bearer " + TOKEN)).as("the scheme in any case").isTrue();
        assertThat(access.mayMutate(pod, "Bearer " + TOKEN + "x")).isFalse();
        assertThat(access.mayMutate(pod, "Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(access.mayMutate(pod, "Basic " + TOKEN)).isFalse();
        assertThat(access.mayMutate(pod, TOKEN)).isFalse();
        assertThat(access.mayMutate(pod, "Bearer ")).isFalse();
    }

    @Test
    void withoutAToken_otherCallersNeverMay() throws UnknownHostException {
        assertThat(AdminAccess.loopbackOnly().mayMutate(ip("192.0.2.10"), "Bearer anything")).isFalse();
        assertThat(AdminAccess.withToken(null).mayMutate(ip("192.0.2.10"), "Bearer null")).isFalse();
        assertThat(AdminAccess.withToken("  ").mayMutate(ip("192.0.2.10"), "Bearer   ")).isFalse();
        assertThat(AdminAccess.loopbackOnly().mayMutate(null, null)).isFalse();
    }
}
