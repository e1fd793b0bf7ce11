package io.scimrouter.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open client connections, for the gauge and for the drain: tell every connection to drain, wait until they
 * have closed, cut the rest. A connection joins when its pipeline is built and leaves when it closes.
 */
public final class ClientConnections {
    private final ChannelGroup channels = new DefaultChannelGroup("client-connections",
            GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    /** Registers a new connection; true when the router already drains (the connection serves one request). */
    boolean joined(Channel channel) {
        channels.add(channel);
        return draining;
    }

    /** Open client connections. */
    public int open() {
        return channels.size();
    }

    /**
     * Every connection drains, each on its own event loop: idle ones close now, the others after their answer, which
     * carries {@code Connection: close}. Waits (on the caller's thread, never an event loop) until each was told.
     *
     * @return how many were idle and closed at once
     */
    public int drainAll() throws InterruptedException {
        draining = true;
        int idle = 0;
        for (Future<Boolean> told : onEach(ProxyFrontendHandler::drain)) {
            if (told.await(5, TimeUnit.SECONDS) && told.isSuccess() && Boolean.TRUE.equals(told.getNow())) {
                idle++;
            }
        }
        return idle;
    }

    /** Waits up to {@code timeout} for every connection to close; true when none is left. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return channels.newCloseFuture().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cuts every connection still open (its exchange ends as DRAIN_CUT) and waits for them to close. */
    public int cutAll() throws InterruptedException {
        List<Future<Boolean>> cut = onEach(frontend -> {
            frontend.cutForDrain();
            return true;
        });
        channels.newCloseFuture().await(5, TimeUnit.SECONDS);
        return cut.size();
    }

    private interface FrontendCall {
        boolean call(ProxyFrontendHandler frontend);
    }

    private List<Future<Boolean>> onEach(FrontendCall call) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (Channel channel : channels) {
            ProxyFrontendHandler frontend = channel.pipeline().get(ProxyFrontendHandler.class);
            if (frontend != null) {
                results.add(channel.eventLoop().submit(() -> call.call(frontend)));
            }
        }
        return results;
    }
}
