package io.scimrouter.archfixture.policy;

import io.netty.channel.Channel;

/** Fixture for LayeringRulesTest: a pure decision that takes a Netty channel. */
public final class PolicyThatTakesAChannel {
    boolean admit(Channel channel) {
        return channel.isActive();
    }
}
