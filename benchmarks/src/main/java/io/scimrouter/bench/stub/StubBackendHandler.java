package io.scimrouter.bench.stub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Answers one SCIM request per request head, after its body has been read (and dropped). */
final class StubBackendHandler extends SimpleChannelInboundHandler<HttpObject> {
    static final AsciiString SCIM_JSON = AsciiString.cached("application/scim+json");
    /** Lists up to this size are answered with Content-Length; longer ones stream chunk by chunk. */
    private static final int SMALL_LIST_LIMIT = 100;
    private static final long CREATED_ID_BASE = 1_000_000_000L;

    private final StubOptions options;
    private final AtomicLong requestCounter;
    private HttpMethod method;
    private String uri;
    private String host;
    private boolean keepAlive;
    private HttpVersion version;

    StubBackendHandler(StubOptions options, AtomicLong requestCounter) {
        this.options = options;
        this.requestCounter = requestCounter;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            method = request.method();
            uri = request.uri();
            version = request.protocolVersion();
            keepAlive = HttpUtil.isKeepAlive(request);
            String hostHeader = request.headers().get(HttpHeaderNames.HOST);
            host = hostHeader != null ? hostHeader : options.host() + ":" + options.port();
        }
        if (msg instanceof LastHttpContent && method != null) {
            long stallNanos = options.stallNanosFor(requestCounter.incrementAndGet());
            if (stallNanos > 0) {
                // hold further requests of this connection until this answer is out, so answers keep their order
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> respond(ctx, true), stallNanos, TimeUnit.NANOSECONDS);
            } else {
                respond(ctx, false);
            }
        }
    }

    private void respond(ChannelHandlerContext ctx, boolean resumeReading) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ChannelFuture written = answer(ctx, new QueryStringDecoder(uri));
        method = null;
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else if (resumeReading) {
            written.addListener(f -> ctx.channel().config().setAutoRead(true));
        }
    }

    private ChannelFuture answer(ChannelHandlerContext ctx, QueryStringDecoder query) {
        ResourcePath target = ResourcePath.parse(query.rawPath());
        if (target == null) {
            return sendError(ctx, HttpResponseStatus.NOT_FOUND, "No such endpoint");
        }
        String baseUrl = "http://" + host + target.basePath();
        boolean users = target.users();
        String id = target.id();
        if (method.equals(HttpMethod.GET)) {
            if (id != null) {
                return sendResource(ctx, HttpResponseStatus.OK, baseUrl, users, id);
            }
            return users ? sendUserList(ctx, baseUrl, query.parameters()) : sendGroupList(ctx, baseUrl, query);
        }
        if (method.equals(HttpMethod.POST) && id == null) {
            long number = CREATED_ID_BASE + requestCounter.get();
            String newId = users ? ScimDocuments.userId(number) : ScimDocuments.groupId(number);
            FullHttpResponse response = resourceResponse(ctx, HttpResponseStatus.CREATED, baseUrl, users, newId);
            response.headers().set(HttpHeaderNames.LOCATION, baseUrl + (users ? "/Users/" : "/Groups/") + newId);
            return write(ctx, response);
        }
        if ((method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) && id != null) {
            return sendResource(ctx, HttpResponseStatus.OK, baseUrl, users, id);
        }
        if (method.equals(HttpMethod.DELETE) && id != null) {
            FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT);
            return write(ctx, response);
        }
        return sendError(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not supported here");
    }

    private ChannelFuture sendResource(ChannelHandlerContext ctx, HttpResponseStatus status, String baseUrl,
            boolean users, String id) {
        return write(ctx, resourceResponse(ctx, status, baseUrl, users, id));
    }

    private FullHttpResponse resourceResponse(ChannelHandlerContext ctx, HttpResponseStatus status, String baseUrl,
            boolean users, String id) {
        StringBuilder json = new StringBuilder(1536);
        if (users) {
            ScimDocuments.appendUser(json, baseUrl, id, numberOf(id));
        } else {
            ScimDocuments.appendGroup(json, baseUrl, id);
        }
        return jsonResponse(ctx, status, json);
    }

    private ChannelFuture sendUserList(ChannelHandlerContext ctx, String baseUrl, Map<String, List<String>> params) {
        long listBytes = longParam(params, "listBytes", -1);
        long count;
        if (listBytes >= 0) {
            return stream(ctx, StreamedUserList.ofBytes(baseUrl, listBytes));
        } else if (params.containsKey("count")) {
            count = longParam(params, "count", 0);
        } else if (params.containsKey("filter")) {
            count = 1;
        } else {
            count = 10;
        }
        long startIndex = Math.max(1, longParam(params, "startIndex", 1));
        StreamedUserList list = StreamedUserList.ofCount(baseUrl, count, startIndex);
        if (count > SMALL_LIST_LIMIT) {
            return stream(ctx, list);
        }
        ByteBuf body = ctx.alloc().buffer((int) list.length());
        try {
            ByteBuf chunk;
            while ((chunk = list.readChunk(ctx.alloc())) != null) {
                body.writeBytes(chunk);
                chunk.release();
            }
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        return write(ctx, jsonResponse(ctx, HttpResponseStatus.OK, body));
    }

    private ChannelFuture sendGroupList(ChannelHandlerContext ctx, String baseUrl, QueryStringDecoder query) {
        long count = Math.min(1000, Math.max(0, longParam(query.parameters(), "count", 10)));
        StringBuilder json = new StringBuilder(ScimDocuments.listHead(count, 1));
        for (long i = 1; i <= count; i++) {
            if (i > 1) {
                json.append(',');
            }
            ScimDocuments.appendGroup(json, baseUrl, ScimDocuments.groupId(i));
        }
        json.append(ScimDocuments.listTail());
        return write(ctx, jsonResponse(ctx, HttpResponseStatus.OK, json));
    }

    private ChannelFuture stream(ChannelHandlerContext ctx, StreamedUserList list) {
        HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, SCIM_JSON);
        HttpUtil.setTransferEncodingChunked(head, true);
        setConnectionHeader(head);
        ctx.write(head);
        return ctx.writeAndFlush(new HttpChunkedInput(list));
    }

    private ChannelFuture sendError(ChannelHandlerContext ctx, HttpResponseStatus status, String detail) {
        return write(ctx, jsonResponse(ctx, status, ScimDocuments.error(status.code(), detail)));
    }

    private FullHttpResponse jsonResponse(ChannelHandlerContext ctx, HttpResponseStatus status, CharSequence json) {
        return jsonResponse(ctx, status, ByteBufUtil.writeUtf8(ctx.alloc(), json));
    }

    private FullHttpResponse jsonResponse(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, SCIM_JSON);
        return response;
    }

    private ChannelFuture write(ChannelHandlerContext ctx, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        setConnectionHeader(response);
        return ctx.writeAndFlush(response);
    }

    private void setConnectionHeader(HttpResponse response) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static long numberOf(String id) {
        long number = 0;
        for (int i = 0; i < id.length() && number < 1_000_000_000L; i++) {
            char c = id.charAt(i);
            if (c >= '0' && c <= '9') {
                number = number * 10 + (c - '0');
            }
        }
        return number;
    }

    private static long longParam(Map<String, List<String>> params, String name, long fallback) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Where in the path the resource type sits: {@code <basePath>/Users[/id]} or {@code <basePath>/Groups[/id]}. */
    record ResourcePath(String basePath, boolean users, String id) {
        static ResourcePath parse(String path) {
            int end = path.length();
            while (end > 0 && path.charAt(end - 1) == '/') {
                end--;
            }
            int lastSlash = path.lastIndexOf('/', end - 1);
            if (lastSlash < 0) {
                return null;
            }
            String last = path.substring(lastSlash + 1, end);
            if (isResourceType(last)) {
                return new ResourcePath(path.substring(0, lastSlash), isUsers(last), null);
            }
            int typeSlash = lastSlash > 0 ? path.lastIndexOf('/', lastSlash - 1) : -1;
            if (typeSlash < 0 || last.isEmpty()) {
                return null;
            }
            String type = path.substring(typeSlash + 1, lastSlash);
            if (!isResourceType(type)) {
                return null;
            }
            return new ResourcePath(path.substring(0, typeSlash), isUsers(type), last);
        }

        private static boolean isResourceType(String segment) {
            return isUsers(segment) || segment.equalsIgnoreCase("Groups");
        }

        private static boolean isUsers(String segment) {
            return segment.equalsIgnoreCase("Users");
        }
    }
}
