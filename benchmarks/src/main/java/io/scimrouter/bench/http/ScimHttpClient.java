package io.scimrouter.bench.http;

import io.scimrouter.bench.cli.TargetUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A blocking SCIM client on the JDK's HTTP client (HTTP/1.1): one bearer token, JSON in and out. A request that
 * cannot be sent or answered becomes a {@link TargetUnreachableException} with one readable line.
 */
public final class ScimHttpClient {
    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    /**
     * @param token    bearer token, or null to send no Authorization header
     * @param insecure accept any TLS certificate (test certificates)
     */
    public ScimHttpClient(String token, boolean insecure, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (insecure) {
            builder.sslContext(Tls.insecureContext());
        }
        this.http = builder.build();
        this.token = token;
        this.timeout = timeout;
    }

    /** An answer as received; header names in lower case. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            java.util.List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param extraHeaders name/value pairs such as {@code If-Match}
     * @param contentType  of {@code json}, when there is one
     */
    public Answer send(String method, URI url, String json, String contentType, Map<String, String> extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/scim+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        extraHeaders.forEach(b::header);
        if (json != null) {
            b.header("Content-Type", contentType).method(method,
                    HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, java.util.List<String>> headers = new java.util.TreeMap<>();
            r.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    values));
            return new Answer(r.statusCode(), headers, r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnreachableException("interrupted during " + method + " " + url);
        } catch (IOException e) {
            throw new TargetUnreachableException(describe(e, method, url));
        }
    }

    public Answer send(String method, URI url, String json, String contentType) {
        return send(method, url, json, contentType, Map.of());
    }

    static String describe(IOException e, String method, URI url) {
        String where = method + " " + url;
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect to " + url.getRawAuthority() + ": timed out (" + where + ")";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + url.getRawAuthority() + ": connection refused (" + where + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time to " + where;
        }
        if (e instanceof SSLException) {
            return "TLS failed with " + url.getRawAuthority() + ": " + e.getMessage()
                    + " (--insecure accepts test certificates)";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "connection to " + url.getRawAuthority() + " failed: " + message + " (" + where + ")";
    }
}
