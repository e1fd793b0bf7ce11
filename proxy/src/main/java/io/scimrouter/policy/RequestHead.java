package io.scimrouter.policy;

/**
 * What {@link Admission} needs to know of a request head, as the HTTP codec decoded it. The server implements it as a
 * view over the codec's request, reused per connection, so admitting a request allocates nothing.
 */
public interface RequestHead {

    /** The method as sent, e.g. {@code GET}. */
    String method();

    /** The protocol version as sent, e.g. {@code HTTP/1.1}. */
    String protocolVersion();

    /** How many Host headers the request carries. */
    int hostCount();

    /** The first Host header's value, or null. */
    String host();

    /** The Expect header's value, or null. */
    String expect();

    /** The declared Content-Length, or -1 when there is none. */
    long contentLength();

    /**
     * The Transfer-Encoding as sent, its field lines joined with commas, or null when there is none. The codec has
     * made sure that chunked comes last when it is there.
     */
    String transferEncoding();

    /** True when a body follows: chunked, or a Content-Length above zero. */
    boolean hasBody();

    /** True when the client asked to keep the connection (HTTP/1.1 default, HTTP/1.0 with keep-alive). */
    boolean keepAlive();
}
