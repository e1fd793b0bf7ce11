package io.scimrouter.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * One TLS connection to a router with the JDK's client: the handshake is done when it is constructed, so a refused
 * handshake throws there; afterwards it says what was negotiated and carries {@link RawHttp} requests.
 */
public final class TlsClient implements AutoCloseable {
    private final SSLSocket socket;
    private final RawHttp http;

    /**
     * @param protocols the versions to offer, e.g. {@code TLSv1.2}; none: the JDK's defaults
     */
    public TlsClient(int port, SSLContext context, String... protocols) throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            http = new RawHttp(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The negotiated version, e.g. {@code TLSv1.3}. */
    public String protocol() {
        return socket.getSession().getProtocol();
    }

    /** The protocol ALPN agreed on; empty when the server chose none. */
    public String applicationProtocol() {
        return socket.getApplicationProtocol();
    }

    /** The serial number of the server's certificate, in upper-case hex as the router logs it. */
    public String serverSerial() throws IOException {
        X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        return leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The number of certificates the server sent (its chain). */
    public int serverChainLength() throws IOException {
        return socket.getSession().getPeerCertificates().length;
    }

    /** A GET with {@code Host: }{@value RouterExtension#HOST} on this connection, and its answer. */
    public RawHttp.Response get(String target, String... headers) throws IOException {
        return http.send(RouterExtension.head("GET", target, headers)).read();
    }

    public RawHttp http() {
        return http;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
