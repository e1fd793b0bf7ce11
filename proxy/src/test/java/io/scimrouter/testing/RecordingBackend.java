package io.scimrouter.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.scimrouter.net.Transport;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend on a real loopback socket that keeps every byte it receives, per connection, and reads it with
 * {@link StrictHttp1} (not with Netty's codec, which the router uses): each complete request is recorded and answered
 * with a small JSON 200; bytes that are not strict HTTP/1.1 are recorded as a violation and the connection is closed.
 * So a test sees exactly what reached the backend, including a request that never completed.
 */
public final class RecordingBackend implements AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    /** A complete request as the backend parsed it, and the connection (numbered from 1) it came on. */
    public record Recorded(int connection, StrictHttp1.Message request) {
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<byte[]> raw = new CopyOnWriteArrayList<>();

    public RecordingBackend() throws InterruptedException {
        Transport transport = Transport.nio();
        group = transport.newGroup(1, "recording-backend");
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Connection(connections.incrementAndGet()));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Bytes received so far, on every connection. */
    public long bytesReceived() {
        return bytes.get();
    }

    public List<Recorded> requests() {
        return requests;
    }

    /** What was not strict HTTP/1.1, with the bytes of that connection. */
    public List<String> violations() {
        return violations;
    }

    /** Everything received, per connection, in arrival order of the connections' first bytes. */
    public String everything() {
        StringBuilder out = new StringBuilder();
        for (byte[] r : raw) {
            out.append(new String(r, StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Connection extends ChannelInboundHandlerAdapter {
        private final int id;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private int parsed;
        private int rawIndex = -1;

        Connection(int id) {
            this.id = id;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                bytes.addAndGet(buf.readableBytes());
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                received.writeBytes(chunk);
            } finally {
                buf.release();
            }
            byte[] all = received.toByteArray();
            if (rawIndex < 0) {
                rawIndex = raw.size();
                raw.add(all);
            } else {
                raw.set(rawIndex, all);
            }
            try {
                StrictHttp1.Message m;
                while (parsed < all.length && (m = StrictHttp1.request(all, parsed)) != null) {
                    parsed += m.length();
                    requests.add(new Recorded(id, m));
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER));
                }
            } catch (StrictHttp1.Violation v) {
                violations.add(v.getMessage() + " in: " + new String(all, parsed, all.length - parsed,
                        StandardCharsets.ISO_8859_1));
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
