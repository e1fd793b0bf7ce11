package io.scimrouter.upstream;

/** What a leased backend connection reports to the exchange that holds it. Called on the connection's event loop. */
public interface UpstreamListener {

    /** An HttpResponse or HttpContent; the listener owns it. */
    void onUpstreamMessage(Object msg);

    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged(boolean writable);

    /** The connection closed or failed; {@code cause} is null on a plain close. */
    void onUpstreamClosed(Throwable cause);
}
