package io.scimrouter;

import io.netty.channel.EventLoopGroup;
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

/** The socket transport: epoll when its native library loads, NIO otherwise. */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel) {

    public static Transport best() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("scimrouter.forceNio")) {
            return new Transport("epoll", EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return nio();
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    public EventLoopGroup newGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true),
                ioHandlerFactory);
    }
}
