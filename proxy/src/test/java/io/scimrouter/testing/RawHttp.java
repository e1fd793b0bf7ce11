package io.scimrouter.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: it sends exactly the bytes a test writes (smuggling
 * attempts, odd request lines, any Host), parses answers strictly enough to tell a cut body from a whole one, and
 * tells how the server ended the connection: a clean close (FIN) or a reset (RST).
 */
public final class RawHttp implements AutoCloseable {
    /** How the server ended the connection. */
    public enum Close {
        /** An orderly close: the server shut its side after sending everything (read returns end of stream). */
        FIN,
        /**
         * A reset: the server closed with bytes of ours still unread (or aborted), so its kernel answered RST; bytes
         * in flight toward us may be lost.
         */
        RESET
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        this(connect(port));
    }

    /** Over a socket that is already connected (a TLS socket after its handshake). */
    public RawHttp(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /**
     * Whether a connect to 127.0.0.1:{@code port} is refused (nothing listens: a closed listener); any other failure,
     * a timeout for instance, says nothing about the listener and answers false, as a connect that succeeds does.
     */
    public static boolean connectionRefused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public RawHttp send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /**
     * One request with the given headers (in order) and a {@code Content-Length} for {@code body} (none when null),
     * then its answer.
     */
    public Response request(String method, String target, Map<String, String> headers, String body)
            throws IOException {
        byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (content != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        send(head.append("\r\n").toString());
        if (content != null) {
            send(content);
        }
        return read(method.equals("HEAD"));
    }

    /** One answer; {@code headRequest} for answers to HEAD, which carry no body. Interim (1xx) answers are skipped. */
    public Response read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        if (line == null) {
            throw new IOException("connection closed in the middle of an answer's head");
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
            complete = readChunks(body);
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

    /** One interim (1xx) answer's head, which {@link #read} would skip; fails on any other answer. */
    public int readInterim() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status / 100 != 1) {
            throw new AssertionError("expected an interim answer, got " + statusLine);
        }
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            // an interim answer's fields are of no interest here
        }
        return status;
    }

    /** Bytes that arrived and are not read yet; never blocks. */
    public int available() throws IOException {
        return in.available();
    }

    /**
     * Waits until the server ends the connection and says how. Fails when a byte arrives instead: the server was
     * expected to have nothing more to say.
     */
    public Close awaitClose() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return Close.RESET;
            }
            throw e;
        }
        if (b >= 0) {
            throw new AssertionError("expected the server to close the connection, but it sent the byte " + b
                    + " followed by " + in.available() + " more");
        }
        return Close.FIN;
    }

    private boolean readChunks(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                return false;
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = line();
                } while (trailer != null && !trailer.isEmpty());
                return true;
            }
            byte[] chunk = in.readNBytes(size);
            body.write(chunk);
            if (chunk.length < size) {
                return false;
            }
            line();
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

    /** An answer; header names compare without regard to letter case, repeated headers are joined with ", ". */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }
}
