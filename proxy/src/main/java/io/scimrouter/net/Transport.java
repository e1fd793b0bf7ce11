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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Locale;

/**
 * The socket transport: io_uring, epoll or NIO. The one place that knows which channel classes go with which event
 * loops; the router, its listeners, the upstream pools, the test backend and the benchmarks all take their channels
 * from here.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel) {

    /** The native transports and NIO. */
    public enum Kind { IO_URING, EPOLL, NIO }

    /**
     * Epoll where its native library loads (Linux), else NIO. Never io_uring: that one is asked for by name (a receive
     * buffer held by every connection with a read pending, and container seccomp profiles block it).
     */
    public static Transport best() {
        return whyUnavailable(Kind.EPOLL) == null ? of(Kind.EPOLL) : nio();
    }

    /**
     * The transport of {@code kind}.
     *
     * @throws IllegalStateException when it cannot work here, naming the reason
     */
    public static Transport of(Kind kind) {
        String unavailable = whyUnavailable(kind);
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        return switch (kind) {
            case IO_URING -> new Transport("io_uring", IoUringIoHandler.newFactory(),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class);
            case EPOLL -> new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
            case NIO -> nio();
        };
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /**
     * Why {@code kind} cannot work here (its native library, the kernel, the seccomp profile), as one line for the
     * log, or null when it can.
     */
    public static String whyUnavailable(Kind kind) {
        Throwable cause = switch (kind) {
            case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case NIO -> null;
        };
        return cause == null ? null : displayName(kind) + " is not available here (" + rootCause(cause) + ")";
    }

    /** The name of {@code kind} as the configuration and the logs write it: io_uring, epoll, nio. */
    public static String displayName(Kind kind) {
        return kind == Kind.IO_URING ? "io_uring" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The transport whose event loops make up {@code group}, so channels registered with it match its I/O type. */
    public static Transport of(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup ioGroup) {
            if (ioGroup.isIoType(NioIoHandler.class)) {
                return nio();
            }
            if (ioGroup.isIoType(EpollIoHandler.class)) {
                return of(Kind.EPOLL);
            }
            if (ioGroup.isIoType(IoUringIoHandler.class)) {
                return of(Kind.IO_URING);
            }
        }
        throw new IllegalArgumentException("unsupported event loop group transport: " + group.getClass().getName());
    }

    /** Event loops with daemon threads named {@code threadNamePrefix-N-M}. */
    public EventLoopGroup newGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true),
                ioHandlerFactory);
    }

    /** The innermost cause's message, for an operator: the exception's type only when it has no message. */
    private static String rootCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
