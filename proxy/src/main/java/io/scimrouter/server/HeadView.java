package io.scimrouter.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.scimrouter.policy.RequestHead;

import java.util.List;

/**
 * The codec's request head as {@link RequestHead}, for the pure admission policy. One per client connection, pointed
 * at each request in turn ({@link #of}), so admitting a request allocates nothing beyond the Host list.
 */
final class HeadView implements RequestHead {
    private HttpRequest request;
    private List<String> hosts;
    private long contentLength;
    private String transferEncoding;
    private boolean hasBody;
    private boolean keepAlive;

    HeadView of(HttpRequest head) {
        this.request = head;
        this.hosts = head.headers().getAll(HttpHeaderNames.HOST);
        this.contentLength = HttpUtil.getContentLength(head, -1L);
        String coding = head.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
        if (coding != null) {
            List<String> lines = head.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            coding = lines.size() == 1 ? coding : String.join(",", lines);
        }
        this.transferEncoding = coding;
        // the codec admits a Transfer-Encoding only when chunked is its final coding: a body follows
        this.hasBody = coding != null || contentLength > 0;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        return this;
    }

    /** Lets go of the request once it is decided on, so an idle connection holds no headers. */
    void clear() {
        request = null;
        hosts = null;
        transferEncoding = null;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String protocolVersion() {
        return request.protocolVersion().text();
    }

    @Override
    public int hostCount() {
        return hosts.size();
    }

    @Override
    public String host() {
        return hosts.isEmpty() ? null : hosts.get(0);
    }

    @Override
    public String expect() {
        return request.headers().get(HttpHeaderNames.EXPECT);
    }

    @Override
    public String transferEncoding() {
        return transferEncoding;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public boolean hasBody() {
        return hasBody;
    }

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }
}
