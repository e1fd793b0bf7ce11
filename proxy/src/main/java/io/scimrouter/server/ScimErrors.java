package io.scimrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * SCIM error responses (RFC 7644 section 3.12) for everything the router answers itself. The detail is escaped for
 * JSON, stripped of control characters and capped, so it can never carry raw client bytes back out.
 */
public final class ScimErrors {
    public static final String SCIM_JSON = "application/scim+json";
    private static final int MAX_DETAIL = 300;

    private ScimErrors() {
    }

    public static FullHttpResponse response(ByteBufAllocator alloc, int status, String detail) {
        byte[] json = body(status, detail).getBytes(StandardCharsets.UTF_8);
        ByteBuf content = alloc.buffer(json.length).writeBytes(json);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, SCIM_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** The JSON document of a SCIM error. */
    public static String body(int status, String detail) {
        StringBuilder sb = new StringBuilder(128 + Math.min(detail.length(), MAX_DETAIL));
        sb.append("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"")
                .append(status).append("\",\"detail\":\"");
        appendEscaped(sb, detail);
        return sb.append("\"}").toString();
    }

    private static void appendEscaped(StringBuilder sb, String detail) {
        int n = Math.min(detail.length(), MAX_DETAIL);
        for (int i = 0; i < n; i++) {
            char c = detail.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        if (detail.length() > MAX_DETAIL) {
            sb.append("...");
        }
    }
}
