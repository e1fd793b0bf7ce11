package io.scimrouter.rewrite.it;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.scimrouter.testing.TestBackend;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Shared pieces of the rewrite integration tests: the public host, the three URL forms, answers. */
final class RewriteFixtures {
    /** The Host every test client sends: with server.publicUrl unset it is the public origin. */
    static final String HOST = "scim.example.test";
    static final String PUBLIC = "http://" + HOST;
    static final String LEGACY_BASE = "/scim/v2/p1/e1";
    static final String DEFAULT_TENANT_BASE = "/scim/v2/p1/e1/v2";
    static final String ACME_BASE = "/scim/v2/p1/e1/v2/acme";

    private RewriteFixtures() {
    }

    /** A whole answer with Content-Length; {@code headers} are name/value pairs. */
    static FullHttpResponse answer(int status, String contentType, byte[] body, String... headers) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    static TestBackend.Responder answering(int status, String contentType, String body, String... headers) {
        byte[] bytes = utf8(body);
        return (req, ctx) -> ctx.writeAndFlush(answer(status, contentType, bytes, headers));
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
    }

    static String withBody(String method, String path, String contentType, byte[] body) {
        return method + " " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
