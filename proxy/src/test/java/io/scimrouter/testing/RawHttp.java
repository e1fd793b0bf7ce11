package io.scimrouter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: it sends exactly the bytes a test writes (smuggling
 * attempts, odd request lines) and parses answers strictly enough to tell a cut body from a whole one.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawHttp send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** One answer; {@code headRequest} for answers to HEAD, which carry no body. */
    public Response read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (status / 100 == 1) {
            return read(headRequest);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete = true;
        if (headRequest || status == 204 || status == 304) {
            return new Response(status, headers, body.toByteArray(), true);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            complete = false;
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    break;
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (true) {
                        String trailer = line();
                        if (trailer == null || trailer.isEmpty()) {
                            break;
                        }
                    }
                    complete = true;
                    break;
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size) {
                    break;
                }
                line();
            }
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] bytes = in.readNBytes(length);
            body.write(bytes);
            complete = bytes.length == length;
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray(), complete);
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** Bytes that arrived and are not read yet; never blocks. */
    public int available() throws IOException {
        return in.available();
    }

    /** True when the server closed the connection (reads EOF). */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
