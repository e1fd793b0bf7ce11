package io.scimrouter.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: epoll when its native library loads, NIO otherwise. The one place that knows which channel
 * classes go with which event loops; the router, its listeners, the upstream pools, the test backend and the
 * benchmarks all take their channels from here.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel) {

    /** Epoll where available, unless {@code -Dscimrouter.forceNio=true}. */
    public static Transport best() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("scimrouter.forceNio")) {
            return epoll();
        }
        return nio();
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** The transport whose event loops make up {@code group}, so channels registered with it match its I/O type. */
    public static Transport of(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup ioGroup) {
            if (ioGroup.isIoType(NioIoHandler.class)) {
                return nio();
            }
            if (ioGroup.isIoType(EpollIoHandler.class)) {
                return epoll();
            }
        }
        throw new IllegalArgumentException("unsupported event loop group transport: " + group.getClass().getName());
    }

    /** Event loops with daemon threads named {@code threadNamePrefix-N-M}. */
    public EventLoopGroup newGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true),
                ioHandlerFactory);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }
}
