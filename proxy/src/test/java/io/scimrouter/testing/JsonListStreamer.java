package io.scimrouter.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;

/**
 * A SCIM ListResponse of any size, generated while the connection is writable and never held: each user carries an
 * absolute legacy {@code meta.location} and a manager {@code $ref} under {@code legacyBase}.
 */
public final class JsonListStreamer {
    private static final int USERS_PER_CHUNK = 64;

    private final String legacyBase;
    private final long users;

    public JsonListStreamer(String legacyBase, long users) {
        this.legacyBase = legacyBase;
        this.users = users;
    }

    /** Bytes of one generated user, for sizing: the list is about {@code users * userBytes()}. */
    public int userBytes() {
        return user(0).length + 1;
    }

    public TestBackend.Responder responder() {
        return (req, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json");
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            ctx.write(new DefaultHttpContent(ctx.alloc().buffer().writeBytes(("{\"schemas\":[\"urn:ietf:params:scim:"
                    + "api:messages:2.0:ListResponse\"],\"totalResults\":" + users + ",\"Resources\":[")
                    .getBytes(StandardCharsets.UTF_8))));
            new Pump(ctx).run();
        };
    }

    private byte[] user(long i) {
        String id = String.format("%012d", i);
        return ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:ietf:params:scim:schemas:"
                + "extension:enterprise:2.0:User\"],\"id\":\"" + id + "\",\"userName\":\"user" + id + "@example.com\","
                + "\"name\":{\"givenName\":\"Zoë\",\"familyName\":\"Müller \\u00e9\"},\"active\":true,"
                + "\"emails\":[{\"value\":\"user" + id + "@example.com\",\"type\":\"work\",\"primary\":true}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"" + id
                + "\",\"manager\":{\"value\":\"m" + id + "\",\"$ref\":\"" + legacyBase + "/Users/m" + id + "\"}},"
                + "\"meta\":{\"resourceType\":\"User\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"version\":\"W/\\\"1\\\"\","
                + "\"location\":\"" + legacyBase + "/Users/" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private final class Pump implements Runnable {
        private final ChannelHandlerContext ctx;
        private long next;
        private final java.io.ByteArrayOutputStream staging = new java.io.ByteArrayOutputStream(80_000);

        Pump(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            while (next < users && ctx.channel().isWritable()) {
                staging.reset();
                for (int i = 0; i < USERS_PER_CHUNK && next < users; i++, next++) {
                    if (next > 0) {
                        staging.write(',');
                    }
                    staging.writeBytes(user(next));
                }
                // one write into the ByteBuf: the leak detector records every access at PARANOID
                ByteBuf buf = ctx.alloc().buffer(staging.size()).writeBytes(staging.toByteArray());
                ctx.write(new DefaultHttpContent(buf));
            }
            if (next >= users) {
                byte[] end = "]}".getBytes(StandardCharsets.UTF_8);
                ctx.write(new DefaultHttpContent(ctx.alloc().buffer().writeBytes(end)));
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            WhenWritable.resumeAfterFlush(ctx, this);
        }
    }
}
