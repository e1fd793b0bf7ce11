package io.scimrouter.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The head timer on Netty's embedded channel, with its frozen clock moved by hand. */
class RequestHeadTimerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String HEAD = "POST /scim/v2/p1/e1/Users HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n";

    private final List<Object> events = new ArrayList<>();
    private RequestHeadTimer timer;
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        timer = new RequestHeadTimer(TIMEOUT);
        channel = new EmbeddedChannel(timer, new HttpServerCodec(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                timer.decoded(msg); // what the frontend does with every decoded message
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        channel.freezeTime();
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
    }

    private void receive(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void anIncompleteHead_expiresAfterTheTimeout() {
        receive(HEAD.substring(0, 20));
        advance(TIMEOUT.minusMillis(1));
        assertThat(events).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(events).containsExactly(RequestHeadTimer.EXPIRED);
    }

    @Test
    void bytesThatKeepComing_doNotMoveTheDeadline() {
        for (int i = 0; i < 30; i++) {
            receive("X");
            advance(Duration.ofSeconds(1));
        }
        assertThat(events).containsExactly(RequestHeadTimer.EXPIRED);
    }

    @Test
    void aHeadCompletedInTime_neverExpires() {
        receive(HEAD.substring(0, 20));
        advance(TIMEOUT.minusSeconds(1));
        receive(HEAD.substring(20));
        advance(TIMEOUT.multipliedBy(10));
        assertThat(events).isEmpty();
    }

    @Test
    void aSlowBody_isNotTheHeadTimersBusiness() {
        receive(HEAD + "ab");
        advance(TIMEOUT.multipliedBy(10));
        receive("cd");
        assertThat(events).isEmpty();
    }

    @Test
    void anIdleConnectionBetweenRequests_isLeftToTheIdleTimer() {
        advance(TIMEOUT.multipliedBy(10));
        receive(HEAD + "abcd");
        advance(TIMEOUT.multipliedBy(10));
        assertThat(events).isEmpty();
    }

    @Test
    void theNextRequestsHead_isTimedAgain() {
        receive(HEAD + "abcd");
        advance(TIMEOUT.multipliedBy(10));
        receive("GET /scim/v2/p1/e1/Users HTTP/1.1\r\n");
        advance(TIMEOUT);
        assertThat(events).containsExactly(RequestHeadTimer.EXPIRED);
    }

    @Test
    void restart_givesAWaitingHeadAWholeTimeoutAgain() {
        receive(HEAD.substring(0, 20));
        advance(TIMEOUT.minusSeconds(1));
        timer.restart();
        advance(TIMEOUT.minusMillis(1));
        assertThat(events).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(events).containsExactly(RequestHeadTimer.EXPIRED);
    }

    @Test
    void emptyLinesBetweenRequests_startNoHead() {
        receive("\r\n");
        receive(HEAD + "abcd");
        receive("\r\n");
        receive("\n");
        advance(TIMEOUT.multipliedBy(10));
        assertThat(events).isEmpty();
    }

    @Test
    void aHeadAfterEmptyLines_isTimed() {
        receive(HEAD + "abcd");
        receive("\r\n");
        receive("\r\nGET /scim");
        advance(TIMEOUT);
        assertThat(events).containsExactly(RequestHeadTimer.EXPIRED);
    }
}
