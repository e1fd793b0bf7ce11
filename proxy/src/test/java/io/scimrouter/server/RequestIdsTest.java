package io.scimrouter.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "my-request-1", "0f8fad5b-d9cb-469f-a165-70867728950e", "x!~{}[]\"'"})
    void visibleAscii_upTo128_isValid(String id) {
        assertThat(RequestIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\there", "new\nline", "caf\u00e9", "nul\u0000"})
    void empty_spaces_controlAndNonAscii_areInvalid(String id) {
        assertThat(RequestIds.isValid(id)).isFalse();
    }

    @Test
    void length_128IsValid_129IsNot() {
        assertThat(RequestIds.isValid("x".repeat(128))).isTrue();
        assertThat(RequestIds.isValid("x".repeat(129))).isFalse();
    }

    @Test
    void theClientsValidId_isKept_anInvalidOneReplaced() {
        HttpHeaders headers = new DefaultHttpHeaders().set("X-Request-Id", "client-id-7");
        assertThat(RequestIds.of(headers)).isEqualTo("client-id-7");

        String replaced = RequestIds.of(new DefaultHttpHeaders().set("x-request-id", "bad id"));
        assertThat(replaced).isNotEqualTo("bad id").matches("[0-9a-f]{16}-[0-9a-f]+");
        assertThat(RequestIds.of(new DefaultHttpHeaders())).matches("[0-9a-f]{16}-[0-9a-f]+");
    }

    @Test
    void generatedIds_areUnique_withinAThread_andAcrossThreads() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            first.add(RequestIds.next());
        }
        assertThat(first).hasSize(10_000);
        ids.addAll(first);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    ids.add(RequestIds.next());
                }
                done.countDown();
            }).start();
        }
        done.await();
        assertThat(ids).hasSize(30_000).allMatch(RequestIds::isValid);
    }

    @Test
    void theCounterPart_countsInHex() {
        String a = RequestIds.next();
        String b = RequestIds.next();
        String prefix = a.substring(0, 17);
        assertThat(b).startsWith(prefix);
        assertThat(Long.parseLong(b.substring(17), 16)).isEqualTo(Long.parseLong(a.substring(17), 16) + 1);
    }
}
