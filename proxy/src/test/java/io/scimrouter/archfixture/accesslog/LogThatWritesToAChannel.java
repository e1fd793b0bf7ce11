package io.scimrouter.archfixture.accesslog;

import io.netty.channel.Channel;

/** Fixture for LayeringRulesTest: an access log that touches a channel (on the event loop, in effect). */
public final class LogThatWritesToAChannel {
    void write(Channel channel, Object line) {
        channel.writeAndFlush(line);
    }
}
