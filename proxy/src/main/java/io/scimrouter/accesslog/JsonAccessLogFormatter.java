package io.scimrouter.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON object per line, written by jackson-core's generator (its escaping, not ours). One generator for the
 * appender's life, writing into its own buffer, so a line costs no generator or buffer allocation.
 *
 * <pre>
 * {"time":"...","requestId":"...","client":"10.0.0.7","method":"GET","route":"v2_tenant","project":"p1",
 *  "environment":"prod","tenant":"acme","path":"/scim/v2/p1/prod/v2/acme/Users","queryParams":["filter"],
 *  "status":200,"bytesIn":0,"bytesOut":1234,"durationMs":3.412,"upstreamFirstByteMs":3.101,
 *  "upstream":"10.0.0.9:8080","retried":false,"flags":"-","traceId":"4bf9...","userAgent":"Okta SCIM Client"}
 * </pre>
 */
final class JsonAccessLogFormatter implements AccessLogFormatter {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final Timestamps timestamps = new Timestamps();
    private OutputStream target;
    private JsonGenerator json;

    @Override
    public void write(AccessLogEntry e, OutputStream out) throws IOException {
        if (out != target) {
            json = JSON.createGenerator(out);
            json.setRootValueSeparator(null);
            target = out;
        }
        JsonGenerator g = json;
        g.writeStartObject();
        g.writeStringField("time", timestamps.format(e.timeMillis()));
        g.writeStringField("requestId", e.requestId());
        g.writeStringField("client", AccessLogFields.clientIp(e.client()));
        g.writeStringField("method", AccessLogFields.capped(e.method(), AccessLogFields.MAX_METHOD));
        g.writeStringField("route", e.route().label());
        g.writeStringField("project", e.project());
        g.writeStringField("environment", e.environment());
        g.writeStringField("tenant", e.tenant());
        g.writeStringField("path", AccessLogFields.path(e.target()));
        g.writeArrayFieldStart("queryParams");
        for (String name : AccessLogFields.queryNames(e.target())) {
            g.writeString(name);
        }
        g.writeEndArray();
        g.writeNumberField("status", e.status());
        g.writeNumberField("bytesIn", e.bytesIn());
        g.writeNumberField("bytesOut", e.bytesOut());
        g.writeNumberField("durationMs", millis(e.durationNanos()));
        if (e.firstByteNanos() >= 0) {
            g.writeNumberField("upstreamFirstByteMs", millis(e.firstByteNanos()));
        } else {
            g.writeNullField("upstreamFirstByteMs");
        }
        g.writeStringField("upstream", AccessLogFields.address(e.upstream()));
        g.writeBooleanField("retried", AccessLogFields.retried(e.flags()));
        g.writeStringField("flags", io.scimrouter.server.ResponseFlag.codes(e.flags()));
        g.writeStringField("traceId", AccessLogFields.traceId(e.traceparent()));
        g.writeStringField("userAgent", AccessLogFields.capped(e.userAgent(), AccessLogFields.MAX_USER_AGENT));
        g.writeEndObject();
        g.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        if (json != null) {
            json.flush(); // into the target only: FLUSH_PASSED_TO_STREAM is off
        }
    }

    /** Milliseconds with microsecond precision. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
