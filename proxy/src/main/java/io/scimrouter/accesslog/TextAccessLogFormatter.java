package io.scimrouter.accesslog;

import io.scimrouter.server.ResponseFlag;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One line of space-separated fields for people, in a fixed order; free text (the user agent) in quotes, every
 * byte outside visible ASCII replaced by {@code ?} and quotes and backslashes escaped, so a line is always one line.
 *
 * <pre>
 * 2026-12-06T10:15:30.123Z 3f9a0c1d5e7b2a46-1c 10.0.0.7 GET v2_tenant /scim/v2/p1/prod/v2/acme/Users?filter 200
 *     in=0 out=1234 3.412ms upstream=10.0.0.9:8080 first_byte=3.101ms flags=- trace=4bf9... "Okta SCIM Client"
 * </pre>
 */
final class TextAccessLogFormatter implements AccessLogFormatter {
    private final Timestamps timestamps = new Timestamps();
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = new byte[512];

    @Override
    public void write(AccessLogEntry e, OutputStream out) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        b.append(timestamps.format(e.timeMillis())).append(' ');
        plain(b, e.requestId());
        b.append(' ');
        plain(b, AccessLogFields.clientIp(e.client()));
        b.append(' ');
        plain(b, AccessLogFields.capped(e.method(), AccessLogFields.MAX_METHOD));
        b.append(' ').append(e.route().label()).append(' ');
        String path = AccessLogFields.path(e.target());
        plain(b, path);
        List<String> names = AccessLogFields.queryNames(e.target());
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? '?' : '&');
            plain(b, names.get(i));
        }
        b.append(' ').append(e.status())
                .append(" in=").append(e.bytesIn())
                .append(" out=").append(e.bytesOut()).append(' ');
        millis(b, e.durationNanos());
        b.append(" upstream=");
        plain(b, AccessLogFields.address(e.upstream()));
        b.append(" first_byte=");
        if (e.firstByteNanos() >= 0) {
            millis(b, e.firstByteNanos());
        } else {
            b.append('-');
        }
        b.append(" flags=").append(ResponseFlag.codes(e.flags()));
        b.append(" trace=");
        plain(b, AccessLogFields.traceId(e.traceparent()));
        b.append(" \"");
        quoted(b, AccessLogFields.capped(e.userAgent(), AccessLogFields.MAX_USER_AGENT));
        b.append("\"\n");
        int n = b.length();
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) b.charAt(i); // every char is ASCII by now
        }
        out.write(bytes, 0, n);
    }

    /** A field without spaces: {@code -} when absent, anything outside visible ASCII as {@code ?}. */
    private static void plain(StringBuilder b, String text) {
        if (text == null || text.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c > 0x20 && c < 0x7f ? c : '?');
        }
    }

    private static void quoted(StringBuilder b, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
        }
    }

    /** {@code 3.412ms}: milliseconds with three decimals, without floating-point formatting. */
    private static void millis(StringBuilder b, long nanos) {
        long micros = (nanos + 500) / 1_000;
        b.append(micros / 1_000).append('.');
        long frac = micros % 1_000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac).append("ms");
    }
}
